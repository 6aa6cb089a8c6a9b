"""Two real processes writing into one conversation at the same time."""

from __future__ import annotations

from sqlalchemy import text

from tests.store.helpers import popen_python

WRITER = """
import sys
from store import NewMessage, open_store
cid, name = sys.argv[1], sys.argv[2]
with open_store() as s:
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(120):
        s.save_message(cid, {{"role": "user", "content": f"{{name}} {{i}}"}}, "openai", "gpt-4o", format="openai-chat")
        if i % 40 == 0:
            s.save_messages(cid, [NewMessage({{"role": "user", "content": f"{{name}} bulk {{i}} {{k}}"}}, "openai", "gpt-4o", "openai-chat") for k in range(10)])
print("done", flush=True)
"""


def test_two_processes_saving_at_once_leave_no_duplicate_or_missing_position(store):
    cid = store.create_conversation("shared")
    writers = []
    for name in ("alpha", "beta"):
        proc = popen_python(
            f"import sys; sys.argv = ['w', {str(cid)!r}, {name!r}]\n" + WRITER.format(),
        )
        writers.append(proc)
    for proc in writers:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    for proc in writers:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in writers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.strip() == "done"

    with store._engine.connect() as conn:
        positions = (
            conn.execute(
                text("select position from messages where conversation_id = :c order by position"),
                {"c": cid},
            )
            .scalars()
            .all()
        )
        texts = (
            conn.execute(
                text("select raw_message ->> 'content' from messages where conversation_id = :c"),
                {"c": cid},
            )
            .scalars()
            .all()
        )
    expected = 2 * (120 + 3 * 10)
    assert positions == list(range(expected))
    for name in ("alpha", "beta"):
        assert sum(t.startswith(f"{name} ") for t in texts) == 150
