"""`kill -9` in the middle of an import leaves only whole conversations; a rerun completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import text

from tests.cli.generated import chatgpt_export
from tests.cli.helpers import rows, threadkeep
from tests.conftest import REPO_ROOT


def test_kill_9_mid_import_leaves_whole_conversations_and_a_rerun_completes(store, tmp_path):
    path = tmp_path / "conversations.json"
    expected = chatgpt_export(path, conversations=4000, turns=5)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "import", str(path)],
        cwd=REPO_ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while rows(store, "conversations") < 200 and time.monotonic() < deadline:
            assert process.poll() is None, "the import finished before it could be killed"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    written = rows(store, "conversations")
    assert 200 <= written < len(expected)
    with store._engine.connect() as conn:
        per_conversation = conn.execute(
            text(
                "select c.metadata ->> 'source_id', count(m.id) from conversations c "
                "left join messages m on m.conversation_id = c.id group by 1"
            )
        ).all()
    # Every conversation that exists is whole: all its messages, no more, no fewer.
    for source_id, count in per_conversation:
        assert count == expected[source_id.removeprefix("chatgpt:")], source_id

    rerun = threadkeep("import", str(path), timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped:   {written} already imported" in rerun.stdout
    assert rows(store, "conversations") == len(expected)
    assert rows(store, "messages") == sum(expected.values())
