"""Claude Code sessions: `~/.claude/projects/<project>/<session>.jsonl`, one file a session.

Each line is a record. Records of type `user` and `assistant` carry an Anthropic Messages
API message in `message` (assistant ones are API responses, one line per content block,
so thinking, text and tool_use arrive as consecutive lines sharing `message.id`). Records
link into a DAG through `uuid` / `parentUuid`: a rewind or an edit starts a new branch, and
a compaction restarts the chain with `parentUuid: null` and a `logicalParentUuid`. The
branch shown is the one ending at the newest leaf of the main chain (subagent sidechains
are followed only when the file holds nothing else); every record off that branch is kept
whole in the conversation's metadata.

What is stored for each message is `message` exactly as recorded, in the
`anthropic-messages` format; the rest of the line (uuid, timestamps, cwd, git branch,
`toolUseResult`) is the message's metadata. Summary, system, snapshot and meta lines are
not messages; they are counted in a note, and a `summary` names the conversation.
"""

from __future__ import annotations

from typing import Any

from store.importers.assemble import conversation, source_key
from store.importers.common import UNKNOWN_MODEL, fill_gaps, parse_time
from store.importers.errors import ConversionError
from store.importers.records import Conversation, Skipped
from store.records import NewMessage

PROVIDER = "anthropic"
FORMAT = "anthropic-messages"
SOURCE = "claude-code"
_MESSAGE_TYPES = frozenset(("user", "assistant"))
_ROLES = frozenset(("user", "assistant"))


def looks_like(record: Any) -> bool:
    """Whether one JSONL record is a Claude Code session record."""
    if not isinstance(record, dict):
        return False
    kind = record.get("type")
    if kind == "summary" and "leafUuid" in record:
        return True
    if kind == "file-history-snapshot" and "snapshot" in record:
        return True  # newer sessions often begin with a file snapshot
    return "sessionId" in record and isinstance(kind, str)


def convert(records: list[dict[str, Any]], name: str = "") -> Conversation | Skipped:
    """One session file's records as a conversation; `name` is the file's stem."""
    nodes: dict[str, dict[str, Any]] = {}
    for index, record in enumerate(records):
        uuid = record.get("uuid")
        if isinstance(uuid, str) and uuid:
            nodes.setdefault(uuid, record)
        if record.get("type") in _MESSAGE_TYPES and not record.get("isMeta"):
            _check_message(record, index)
    session = next((r["sessionId"] for r in records if isinstance(r.get("sessionId"), str)), "")
    label = session or name or "Claude Code session"
    messages = [
        r
        for r in records
        if r.get("type") in _MESSAGE_TYPES
        and isinstance(r.get("uuid"), str)
        and not r.get("isMeta")
    ]
    if not messages:
        return Skipped(label, "a session with no messages (only summaries or settings)")
    notes: list[str] = []
    if any("parentUuid" in r for r in messages):
        branch = _active_branch(nodes, messages, notes)
    else:
        # No links at all (a hand-trimmed file): the lines are the order.
        notes.append("no record has a parentUuid; the file order was taken as the thread")
        branch = messages
    on_branch = {id(r) for r in branch}
    shown = [r for r in branch if r.get("type") in _MESSAGE_TYPES and not r.get("isMeta")]
    skipped_kinds: dict[str, int] = {}
    for record in records:
        if record.get("type") in _MESSAGE_TYPES and not record.get("isMeta"):
            continue  # shown, or off the branch and kept whole below
        kind = "meta" if record.get("isMeta") else str(record.get("type", "untyped"))
        skipped_kinds[kind] = skipped_kinds.get(kind, 0) + 1
    if skipped_kinds:
        listed = ", ".join(f"{count} {kind}" for kind, count in sorted(skipped_kinds.items()))
        notes.append(f"lines that are not messages were not imported as messages: {listed}")

    models = fill_gaps([_model(r) for r in shown], UNKNOWN_MODEL)
    rows = [
        NewMessage(
            raw=record["message"],
            provider=PROVIDER,
            model=model,
            format=FORMAT,
            role=record["message"]["role"],
            metadata={
                "source_message_id": record["uuid"],
                SOURCE: {k: v for k, v in record.items() if k != "message"},
            },
            created_at=parse_time(record.get("timestamp")),
        )
        for record, model in zip(shown, models, strict=True)
    ]
    first = records[0] if records else {}
    metadata: dict[str, Any] = {
        "source": SOURCE,
        "session_id": session or None,
        "cwd": next((r["cwd"] for r in records if isinstance(r.get("cwd"), str)), None),
        "git_branch": next(
            (r["gitBranch"] for r in records if isinstance(r.get("gitBranch"), str)), None
        ),
        "version": next((r["version"] for r in records if isinstance(r.get("version"), str)), None),
    }
    off_branch = [r for r in messages if id(r) not in on_branch]
    if off_branch:
        metadata["off_branch_records"] = off_branch
    summaries = [r.get("summary") for r in records if r.get("type") == "summary"]
    title = next((s for s in reversed(summaries) if isinstance(s, str) and s.strip()), None)
    source = source_key(SOURCE, session, [first, name])
    metadata["source_id"] = source
    return conversation(source, title, rows, metadata, notes=notes)


def _check_message(record: dict[str, Any], index: int) -> None:
    message = record.get("message")
    if not isinstance(message, dict):
        raise ConversionError(f"record {index + 1} ({record.get('type')}) has no message object")
    if message.get("role") not in _ROLES:
        raise ConversionError(
            f"record {index + 1} has a message with role {str(message.get('role'))[:40]!r}"
        )
    if not isinstance(message.get("content"), str | list):
        raise ConversionError(
            f"record {index + 1} has a message whose content is not text or blocks"
        )


def _model(record: dict[str, Any]) -> str | None:
    model = record["message"].get("model")
    # "<synthetic>" marks messages Claude Code wrote itself (an interrupted request).
    if isinstance(model, str) and model.strip() and not model.startswith("<"):
        return model
    return None


def _active_branch(
    nodes: dict[str, dict[str, Any]], messages: list[dict[str, Any]], notes: list[str]
) -> list[dict[str, Any]]:
    """The records from the root to the newest leaf of the main chain, in order."""
    parents: set[str] = set()
    for node in nodes.values():
        for key in ("parentUuid", "logicalParentUuid"):
            link = node.get(key)
            if isinstance(link, str):
                parents.add(link)
    main = [r for r in messages if not r.get("isSidechain")] or messages
    leaves = [r for r in main if r["uuid"] not in parents] or main

    def newest(pair: tuple[int, dict[str, Any]]) -> tuple[float, int]:
        moment = parse_time(pair[1].get("timestamp"))
        return (moment.timestamp() if moment else float("-inf"), pair[0])

    _, leaf = max(enumerate(leaves), key=newest)
    path: list[dict[str, Any]] = []
    seen: set[str] = set()
    record: dict[str, Any] | None = leaf
    while record is not None:
        uuid = record.get("uuid")
        if isinstance(uuid, str):
            if uuid in seen:
                notes.append(f"the parent links loop at {uuid}; the walk stopped there")
                break
            seen.add(uuid)
        path.append(record)
        parent = record.get("parentUuid") or record.get("logicalParentUuid")
        if not isinstance(parent, str):
            break
        record = nodes.get(parent)
        if record is None:
            notes.append(
                f"record {parent[:60]} is referenced but missing; the branch starts after it"
            )
    path.reverse()
    return path
