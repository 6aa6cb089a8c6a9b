"""The store API (DESIGN §5): conversations and their raw messages in Postgres."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

import psycopg
from sqlalchemy import Connection as SAConnection
from sqlalchemy import Engine, delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from store import search as search_module
from store.database import Connection, connect, migrate, search_engine, unavailable
from store.derive import FORMATS, DeriveError, derive
from store.errors import (
    AmbiguousConversationId,
    ConversationNotFound,
    InvalidMessage,
    StoreError,
    UnknownView,
    UntranslatableConversation,
)
from store.models import (
    ATTACHMENT_TYPE_MAX,
    MODEL_MAX,
    PROVIDER_MAX,
    ROLE_MAX,
    TS_CONFIG,
    Attachment,
    Conversation,
    Message,
)
from store.records import (
    AttachmentRecord,
    ConversationSummary,
    Counts,
    Cursor,
    ImportOutcome,
    NewMessage,
    SearchHit,
    StoredMessage,
    Translation,
)
from store.search_statistics import SearchStatistics
from store.titles import clean_title, preview
from translate import VIEWS as TRANSLATE_VIEWS
from translate import Record, Target, TranslateError, resolve_target
from translate import translate as translate_records

ORIGINAL = "original"
# Every way the app and the command line can show a conversation.
VIEW_NAMES = (ORIGINAL, *TRANSLATE_VIEWS)
REASONING_MODES = ("auto", "text", "drop")

ROLES = ("system", "user", "assistant", "tool")
# Postgres stores up to 255 MB of JSONB in a row; far less than that is ever a message.
MAX_RAW_BYTES = 64 * 1024 * 1024
_BATCH = 2000
_COPY_COLUMNS = (
    "conversation_id",
    "position",
    "role",
    "provider",
    "model",
    "format",
    "raw_message",
    "content_text",
    "metadata",
    "created_at",
)


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open the store: the database at `url`, `THREADKEEP_DATABASE_URL`, or the embedded one."""
    connection = connect(url)
    if migrate_schema:
        try:
            migrate(connection.engine)
        except (OperationalError, InterfaceError) as exc:
            connection.engine.dispose()
            raise unavailable(exc, connection.url) from None
    return Store(connection)


class Store:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._engine = connection.engine
        # Opened at the first search: most runs of the app never search.
        self._searcher: Engine | None = None
        self._search_statistics = SearchStatistics()

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        return self._connection

    def close(self) -> None:
        self._engine.dispose()
        if self._searcher is not None:
            self._searcher.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[SAConnection]:
        """One transaction; connection failures become StoreUnavailable."""
        try:
            with self._engine.begin() as conn:
                yield conn
        except (OperationalError, InterfaceError) as exc:
            raise unavailable(exc, self._connection.url) from None

    @contextlib.contextmanager
    def _search_connection(self) -> Iterator[SAConnection]:
        """A connection of the search engine (autocommit, generic plans): no BEGIN and
        COMMIT round trips, and no planning, for a search budgeted in milliseconds."""
        if self._searcher is None:
            self._searcher = search_engine(self._connection.url)
        try:
            with self._searcher.connect() as conn:
                yield conn
        # Search runs on the driver's own cursor, whose errors SQLAlchemy does not wrap.
        except (OperationalError, InterfaceError, psycopg.OperationalError) as exc:
            raise unavailable(exc, self._connection.url) from None

    # --- conversations ------------------------------------------------------------------

    def create_conversation(
        self,
        title: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        *,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
    ) -> uuid.UUID:
        values: dict[str, Any] = {
            "title": clean_title(title) if title is not None else None,
            "metadata_": _json_object(metadata, "conversation metadata"),
        }
        if created_at is not None:
            values["created_at"] = _aware(created_at)
        if updated_at is not None or created_at is not None:
            values["updated_at"] = _aware(updated_at or created_at)  # type: ignore[arg-type]
        with self._tx() as conn:
            try:
                return conn.execute(
                    insert(Conversation).values(**values).returning(Conversation.id)
                ).scalar_one()
            except DBAPIError as exc:
                raise _bad_data(exc, "conversation") from None

    def get_conversation(self, conversation_id: uuid.UUID | str) -> ConversationSummary:
        cid = _as_uuid(conversation_id)
        with self._tx() as conn:
            row = conn.execute(
                text(_SUMMARY_SQL.format(where="c.id = :cid", order="", limit="")),
                {"cid": cid},
            ).one_or_none()
            if row is None:
                raise ConversationNotFound(conversation_id)
            metadata = conn.execute(
                select(Conversation.metadata_).where(Conversation.id == cid)
            ).scalar_one()
        return _summary(row, metadata)

    def resolve_id(self, prefix: str) -> uuid.UUID:
        """The conversation whose id is `prefix` or starts with it (at least 4 characters)."""
        cleaned = prefix.strip().lower()
        if not cleaned:
            raise ConversationNotFound("''")
        with contextlib.suppress(ValueError):
            full = uuid.UUID(cleaned)
            self.get_conversation(full)
            return full
        if len(cleaned) < 4 or any(ch not in "0123456789abcdef-" for ch in cleaned):
            raise ConversationNotFound(prefix)
        with self._tx() as conn:
            rows = conn.execute(
                text("select id from conversations where id::text like :p limit 2"),
                {"p": cleaned + "%"},
            ).all()
        if not rows:
            raise ConversationNotFound(prefix)
        if len(rows) > 1:
            raise AmbiguousConversationId(
                f"the id prefix {prefix} matches more than one conversation; give more characters"
            )
        return rows[0].id

    def list_conversations(
        self,
        limit: int = 50,
        after: Cursor | None = None,
        query: str | None = None,
        include_deleted: bool = False,
        *,
        trash: bool = False,
        offset: int = 0,
    ) -> list[ConversationSummary]:
        """A keyset page, newest update first. `trash` lists only deleted conversations.

        `offset` skips that many rows after the cursor (or the top): how a list jumps to a
        page no cursor leads to, at the cost of walking the skipped index entries.
        """
        conditions = []
        params: dict[str, Any] = {
            "limit": max(1, min(int(limit), 1000)),
            "offset": max(0, int(offset)),
        }
        if trash:
            conditions.append("c.deleted_at IS NOT NULL")
        elif not include_deleted:
            conditions.append("c.deleted_at IS NULL")
        if after is not None:
            conditions.append(
                "c.updated_at <= :after_at AND (c.updated_at < :after_at OR c.id > :after_id)"
            )
            params |= {"after_at": after[0], "after_id": after[1]}
        with self._tx() as conn:
            if query and query.strip():
                tsq = search_module.compile_query(conn, query)
                if tsq is None:
                    return []
                conditions.append(
                    f"(to_tsvector('{TS_CONFIG}', coalesce(c.title, '')) @@ cast(:tsq AS tsquery)"
                    " OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id"
                    " AND m.search_vector @@ cast(:tsq AS tsquery)))"
                )
                params["tsq"] = tsq
            where = " AND ".join(conditions) or "true"
            sql = _SUMMARY_SQL.format(
                where=where,
                order="ORDER BY c.updated_at DESC, c.id",
                limit="LIMIT :limit OFFSET :offset",
            )
            return [_summary(row) for row in conn.execute(text(sql), params)]

    def count_conversations(self, *, trash: bool = False) -> int:
        condition = (
            Conversation.deleted_at.is_not(None) if trash else Conversation.deleted_at.is_(None)
        )
        with self._tx() as conn:
            return conn.execute(
                select(func.count()).select_from(Conversation).where(condition)
            ).scalar_one()

    def counts(self) -> Counts:
        with self._tx() as conn:
            row = conn.execute(
                text(
                    "select (select count(*) from conversations where deleted_at is null) as c,"
                    " (select count(*) from conversations where deleted_at is not null) as d,"
                    " (select count(*) from messages) as m,"
                    " (select count(*) from attachments) as a"
                )
            ).one()
        return Counts(conversations=row.c, messages=row.m, deleted=row.d, attachments=row.a)

    def rename(self, conversation_id: uuid.UUID | str, title: str) -> str:
        """Set a new title; return it as stored (stripped, control characters removed)."""
        cleaned = clean_title(title)
        self._update(conversation_id, title=cleaned, updated_at=func.now())
        return cleaned

    def update_metadata(self, conversation_id: uuid.UUID | str, values: Mapping[str, Any]) -> None:
        """Merge `values` into the conversation's metadata (not a user-visible update)."""
        patch = _json_object(values, "conversation metadata")
        cid = _as_uuid(conversation_id)
        with self._tx() as conn:
            done = conn.execute(
                text(
                    "update conversations set metadata = metadata || cast(:patch as jsonb) "
                    "where id = :cid"
                ),
                {"patch": json.dumps(patch, ensure_ascii=False), "cid": cid},
            ).rowcount
        if not done:
            raise ConversationNotFound(conversation_id)

    def delete(self, conversation_id: uuid.UUID | str) -> None:
        """Move to the trash: undoable with restore()."""
        self._update(conversation_id, deleted_at=func.coalesce(Conversation.deleted_at, func.now()))

    def restore(self, conversation_id: uuid.UUID | str) -> None:
        self._update(conversation_id, deleted_at=None)

    def purge(self, conversation_id: uuid.UUID | str) -> None:
        """Delete for good, with every message and attachment."""
        cid = _as_uuid(conversation_id)
        with self._tx() as conn:
            gone = conn.execute(delete(Conversation).where(Conversation.id == cid)).rowcount
        if not gone:
            raise ConversationNotFound(conversation_id)

    def purge_trash(self, older_than: timedelta = timedelta(0)) -> int:
        """Purge conversations that have been in the trash longer than `older_than`."""
        with self._tx() as conn:
            return conn.execute(
                delete(Conversation).where(
                    Conversation.deleted_at.is_not(None),
                    Conversation.deleted_at <= func.now() - older_than,
                )
            ).rowcount

    def _update(self, conversation_id: uuid.UUID | str, **values: Any) -> None:
        cid = _as_uuid(conversation_id)
        with self._tx() as conn:
            done = conn.execute(
                update(Conversation).where(Conversation.id == cid).values(**values)
            ).rowcount
        if not done:
            raise ConversationNotFound(conversation_id)

    # --- messages -----------------------------------------------------------------------

    def save_message(
        self,
        conversation_id: uuid.UUID | str,
        raw: dict[str, Any],
        provider: str,
        model: str,
        *,
        format: str,
        role: str | None = None,
        metadata: dict[str, Any] | None = None,
        created_at: datetime | None = None,
    ) -> StoredMessage:
        cid = _as_uuid(conversation_id)
        row = _prepare(
            NewMessage(raw, provider, model, format, role, metadata, created_at), index=None
        )
        with self._tx() as conn:
            position = self._lock_for_append(conn, cid, conversation_id)
            try:
                result = conn.execute(
                    text(_INSERT_MESSAGE_SQL),
                    {
                        "cid": cid,
                        "position": position,
                        "role": row.role,
                        "provider": row.provider,
                        "model": row.model,
                        "format": row.format,
                        "raw": row.raw_json,
                        "content_text": row.content_text,
                        "metadata": row.metadata_json,
                        "created_at": row.created_at,
                    },
                ).one()
            except DBAPIError as exc:
                raise _bad_data(exc, "message") from None
            self._touch(conn, cid)
        return StoredMessage(
            id=result.id,
            conversation_id=cid,
            position=position,
            role=row.role,
            provider=row.provider,
            model=row.model,
            format=row.format,
            raw=raw,
            metadata=metadata,
            created_at=result.created_at,
        )

    def save_messages(
        self,
        conversation_id: uuid.UUID | str,
        messages: Iterable[NewMessage | Mapping[str, Any]],
    ) -> int:
        """The bulk path: COPY in batches, all in one transaction. Returns how many were saved."""
        cid = _as_uuid(conversation_id)
        saved = 0
        with self._tx() as conn:
            position = self._lock_for_append(conn, cid, conversation_id)
            now = _Now(conn)
            for batch in _prepared_batches(messages):
                _copy_rows(conn, cid, position + saved, batch, now)
                saved += len(batch)
            if saved:
                self._touch(conn, cid)
        return saved

    def import_conversation(
        self,
        messages: Iterable[NewMessage | Mapping[str, Any]],
        *,
        title: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
    ) -> uuid.UUID | None:
        """Create a conversation and all its messages in one transaction, for importers.

        When `metadata["source_id"]` is already stored, nothing is written and None is
        returned: re-importing the same source adds nothing.
        """
        outcome = self._import(messages, title, metadata, created_at, updated_at, extend=False)
        return outcome.conversation_id if outcome.created else None

    def import_or_extend(
        self,
        messages: Iterable[NewMessage | Mapping[str, Any]],
        *,
        title: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
    ) -> ImportOutcome:
        """`import_conversation`, and when the source is already stored, bring it up to date.

        A conversation continued since it was exported last comes back with the same
        source id and more messages. When the stored messages are, by their ids in the
        source, the start of the new ones, the rest is appended and the conversation's
        import metadata refreshed (its title and the app's own keys are kept). Anything
        else (an edited or regenerated earlier turn, messages added here, a conversation
        in the trash) is left as it is, and the outcome says why.
        """
        return self._import(messages, title, metadata, created_at, updated_at, extend=True)

    def _import(
        self,
        messages: Iterable[NewMessage | Mapping[str, Any]],
        title: str | None,
        metadata: Mapping[str, Any] | None,
        created_at: datetime | None,
        updated_at: datetime | None,
        *,
        extend: bool,
    ) -> ImportOutcome:
        # Validated in full before anything is sent, so the conversation row can carry its
        # final update time and the write is the fewest round trips.
        rows = [row for batch in _prepared_batches(messages) for row in batch]
        times = [row.created_at for row in rows]
        newest = max(times) if rows and None not in times else None
        updated = updated_at or created_at
        if newest is not None and (updated is None or _aware(updated) < newest):
            updated = newest
        meta = _json_object(metadata, "conversation metadata")
        values = {
            "title": clean_title(title) if title is not None else None,
            "metadata": json.dumps(meta, ensure_ascii=False),
            "created_at": _aware(created_at) if created_at is not None else None,
            "updated_at": _aware(updated) if updated is not None else None,
        }
        with self._tx() as conn:
            cid = conn.execute(text(_IMPORT_CONVERSATION_SQL), values).scalar_one_or_none()
            if cid is not None:
                self._append_rows(conn, cid, 0, rows, timed=newest is not None)
                return ImportOutcome(cid, created=True, added=len(rows))
            if not extend:
                return ImportOutcome(None)
            return self._extend(conn, meta.get("source_id"), rows, values["metadata"])

    def _extend(
        self, conn: SAConnection, source_id: Any, rows: list[_Row], metadata_json: str
    ) -> ImportOutcome:
        existing = conn.execute(text(_SOURCE_SQL), {"sid": source_id}).one_or_none()
        if existing is None:
            return ImportOutcome(None)
        if existing.deleted_at is not None:
            return ImportOutcome(existing.id, unmerged="it is in the trash")
        stored = list(conn.execute(text(_IDENTITIES_SQL), {"cid": existing.id}).scalars())
        incoming = [row.identity for row in rows]
        if len(incoming) <= len(stored) and incoming == stored[: len(incoming)]:
            return ImportOutcome(existing.id)  # nothing new
        if None in stored or incoming[: len(stored)] != stored:
            return ImportOutcome(
                existing.id,
                unmerged="it changed in a way that is not an append (an earlier message "
                "edited or regenerated, or messages added here); kept as first imported",
            )
        new = rows[len(stored) :]
        timed = None not in (row.created_at for row in new)
        self._append_rows(conn, existing.id, len(stored), new, timed=timed)
        conn.execute(
            text(
                "update conversations set metadata = metadata || cast(:meta AS jsonb) "
                "where id = :cid"
            ),
            {"cid": existing.id, "meta": metadata_json},
        )
        self._touch(conn, existing.id)
        return ImportOutcome(existing.id, added=len(new))

    def _append_rows(
        self, conn: SAConnection, cid: uuid.UUID, position: int, rows: list[_Row], *, timed: bool
    ) -> None:
        now = _Now(conn)
        for start in range(0, len(rows), _BATCH):
            _copy_rows(conn, cid, position + start, rows[start : start + _BATCH], now)
        if rows and not timed:
            self._touch(conn, cid)  # some messages took the database's clock

    def _lock_for_append(self, conn: SAConnection, cid: uuid.UUID, given: uuid.UUID | str) -> int:
        """Lock the conversation row and return the next free position.

        The row lock serialises writers to one conversation; the position is read by a
        later statement, so it sees whatever the previous writer committed.
        """
        state = conn.execute(
            select(Conversation.deleted_at).where(Conversation.id == cid).with_for_update()
        ).one_or_none()
        if state is None:
            raise ConversationNotFound(given)
        if state.deleted_at is not None:
            raise ConversationNotFound(given)
        return conn.execute(
            select(func.coalesce(func.max(Message.position) + 1, 0)).where(
                Message.conversation_id == cid
            )
        ).scalar_one()

    def _touch(self, conn: SAConnection, cid: uuid.UUID) -> None:
        """Move updated_at to the newest message (never backwards: imports keep old times)."""
        conn.execute(
            text(
                "update conversations set updated_at = greatest(updated_at, "
                "(select max(created_at) from messages where conversation_id = :cid)) "
                "where id = :cid"
            ),
            {"cid": cid},
        )

    def load_messages(
        self,
        conversation_id: uuid.UUID | str,
        *,
        start: int = 0,
        limit: int | None = None,
    ) -> list[StoredMessage]:
        """The raw messages in position order, optionally a window of them."""
        cid = _as_uuid(conversation_id)
        stmt = (
            select(
                Message.id,
                Message.position,
                Message.role,
                Message.provider,
                Message.model,
                Message.format,
                Message.raw_message,
                Message.metadata_.label("metadata"),
                Message.created_at,
            )
            .where(Message.conversation_id == cid, Message.position >= start)
            .order_by(Message.position)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._tx() as conn:
            exists = conn.execute(select(Conversation.id).where(Conversation.id == cid)).first()
            if exists is None:
                raise ConversationNotFound(conversation_id)
            rows = conn.execute(stmt).all()
        return [
            StoredMessage(
                id=r.id,
                conversation_id=cid,
                position=r.position,
                role=r.role,
                provider=r.provider,
                model=r.model,
                format=r.format,
                raw=r.raw_message,
                metadata=r.metadata,
                created_at=r.created_at,
            )
            for r in rows
        ]

    def load_conversation(
        self,
        conversation_id: uuid.UUID | str,
        target: str | Target = ORIGINAL,
        *,
        reasoning: str = "auto",
    ) -> Translation:
        """The conversation as the request `target` would receive it, with the report.

        `target` is a view name (`original`, or one of `translate.VIEWS`: openai-responses,
        openai-chat, anthropic, gemini, deepseek, ai-sdk) or a `translate.Target`. A view
        without a model continues with the model the conversation last used on that
        provider, so its own reasoning replays natively. `original` returns the raw
        messages untranslated.
        """
        if isinstance(target, str) and target not in VIEW_NAMES:
            raise UnknownView(
                f"unknown view {target[:40]!r}; expected one of {', '.join(VIEW_NAMES)}"
            )
        if reasoning not in REASONING_MODES:
            raise UnknownView(
                f"unknown reasoning mode {str(reasoning)[:20]!r}; expected auto, text or drop"
            )
        messages = tuple(self.load_messages(conversation_id))
        if target == ORIGINAL:
            return Translation(ORIGINAL, None, [m.raw for m in messages], None, messages)
        records = [Record(m.raw, m.format, m.provider, m.model) for m in messages]
        try:
            resolved = resolve_target(target, records) if isinstance(target, str) else target
            payload, report = translate_records(records, resolved, reasoning=reasoning)  # type: ignore[arg-type]
        except TranslateError as exc:
            raise UntranslatableConversation(
                f"conversation {conversation_id} cannot be translated: {exc}"
            ) from None
        view = target if isinstance(target, str) else resolved.format
        return Translation(view, resolved, payload, report, messages)

    # --- search -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, *, as_you_type: bool = False) -> list[SearchHit]:
        """Ranked matches in titles and message text, with highlighted snippets.

        `query` uses web-search syntax: words, "quoted phrases", -excluded, or.
        With `as_you_type`, the last word also matches as a prefix.
        """
        with self._search_connection() as conn:
            return search_module.search(
                conn,
                query,
                limit=max(1, min(limit, 500)),
                as_you_type=as_you_type,
                statistics=self._search_statistics,
            )

    def refresh_search_statistics(self) -> None:
        """Have Postgres count the archive's words again (ANALYZE).

        Search chooses its index path from these counts. Autovacuum refreshes them as the
        tables grow, but up to a minute late; an import that changed the archive a lot
        calls this so that the very next search already knows.
        """
        with self._tx() as conn:
            conn.execute(text("ANALYZE messages, conversations"))

    # --- attachments --------------------------------------------------------------------

    def add_attachment(
        self, message_id: uuid.UUID | str, type: str, metadata: Mapping[str, Any]
    ) -> AttachmentRecord:
        mid = _as_uuid(message_id)
        if not isinstance(type, str) or not type.strip() or len(type) > ATTACHMENT_TYPE_MAX:
            raise InvalidMessage(
                f"an attachment type must be 1 to {ATTACHMENT_TYPE_MAX} characters"
            )
        meta = _json_object(metadata, "attachment metadata")
        with self._tx() as conn:
            try:
                row = conn.execute(
                    insert(Attachment)
                    .values(message_id=mid, type=type.strip(), metadata_=meta)
                    .returning(Attachment.id, Attachment.created_at)
                ).one()
            except IntegrityError:
                raise InvalidMessage(f"no message with id {message_id}") from None
        return AttachmentRecord(row.id, mid, type.strip(), meta, row.created_at)

    def list_attachments(
        self,
        message_id: uuid.UUID | str | None = None,
        *,
        conversation_id: uuid.UUID | str | None = None,
    ) -> list[AttachmentRecord]:
        """Attachments of one message, or of every message in a conversation."""
        stmt = select(
            Attachment.id,
            Attachment.message_id,
            Attachment.type,
            Attachment.metadata_.label("metadata"),
            Attachment.created_at,
        ).order_by(Attachment.created_at, Attachment.id)
        if message_id is not None:
            stmt = stmt.where(Attachment.message_id == _as_uuid(message_id))
        elif conversation_id is not None:
            stmt = stmt.join(Message, Message.id == Attachment.message_id).where(
                Message.conversation_id == _as_uuid(conversation_id)
            )
        else:
            raise TypeError("list_attachments needs a message_id or a conversation_id")
        with self._tx() as conn:
            rows = conn.execute(stmt).all()
        return [
            AttachmentRecord(a.id, a.message_id, a.type, a.metadata, a.created_at) for a in rows
        ]


# --- helpers ------------------------------------------------------------------------------

_IMPORT_CONVERSATION_SQL = """
INSERT INTO conversations (title, metadata, created_at, updated_at)
VALUES (:title, cast(:metadata AS jsonb),
        coalesce(cast(:created_at AS timestamptz), now()),
        coalesce(cast(:updated_at AS timestamptz), now()))
ON CONFLICT ((metadata ->> 'source_id')) WHERE metadata ? 'source_id' DO NOTHING
RETURNING id
"""


# The stored conversation a source id names, locked: a concurrent import of the same
# source waits, then sees what this one appended.
_SOURCE_SQL = """
SELECT id, deleted_at FROM conversations
WHERE (metadata ->> 'source_id') = :sid AND metadata ? 'source_id'
FOR UPDATE
"""

# A message's id in its source: ChatGPT nodes and most payloads say `id`, Claude
# exports `uuid`. Kept in step with `_identity`.
_IDENTITIES_SQL = """
SELECT coalesce(raw_message ->> 'id', raw_message ->> 'uuid')
FROM messages WHERE conversation_id = :cid ORDER BY position
"""


class _Now:
    """The transaction's now(), asked of the database only if a message has no time."""

    def __init__(self, conn: SAConnection) -> None:
        self._conn = conn
        self._value: datetime | None = None

    def __call__(self) -> datetime:
        if self._value is None:
            self._value = self._conn.execute(text("select now()")).scalar_one()
        return self._value


def _prepared_batches(messages: Iterable[NewMessage | Mapping[str, Any]]) -> Iterator[list[_Row]]:
    """Validated rows, a batch at a time, so a long iterable is never held whole."""
    iterator = iter(messages)
    done = 0
    while batch := list(islice(iterator, _BATCH)):
        yield [_prepare(_as_new_message(m, done + i), index=done + i) for i, m in enumerate(batch)]
        done += len(batch)


def _copy_rows(
    conn: SAConnection, cid: uuid.UUID, position: int, rows: list[_Row], now: _Now
) -> None:
    """COPY prepared rows into the conversation from `position` on."""
    driver = conn.connection.driver_connection
    assert driver is not None
    # Asked before the COPY starts: no other statement can run on the connection during it.
    fallback = now() if any(row.created_at is None for row in rows) else None
    try:
        with (
            driver.cursor() as cur,
            cur.copy(f"COPY messages ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy,
        ):
            for offset, row in enumerate(rows):
                copy.write_row(
                    (
                        cid,
                        position + offset,
                        row.role,
                        row.provider,
                        row.model,
                        row.format,
                        row.raw_json,
                        row.content_text,
                        row.metadata_json,
                        row.created_at or fallback,
                    )
                )
    except psycopg.OperationalError as exc:
        raise unavailable(exc) from None
    except psycopg.Error as exc:
        raise InvalidMessage(f"a message was refused by the database: {_first_line(exc)}") from None


_INSERT_MESSAGE_SQL = """
INSERT INTO messages (conversation_id, position, role, provider, model, format,
                      raw_message, content_text, metadata, created_at)
VALUES (:cid, :position, :role, :provider, :model, :format,
        cast(:raw AS jsonb), :content_text, cast(:metadata AS jsonb),
        coalesce(cast(:created_at AS timestamptz), now()))
RETURNING id, created_at
"""

_SUMMARY_SQL = """
WITH page AS MATERIALIZED (
    SELECT c.id, c.title, c.created_at, c.updated_at, c.deleted_at
    FROM conversations c
    WHERE {where}
    {order}
    {limit}
)
SELECT page.*, s.n, s.providers, s.models,
       CASE WHEN page.title IS NULL THEN (
           SELECT left(m.content_text, 400) FROM messages m
           WHERE m.conversation_id = page.id AND m.role = 'user'
             AND coalesce(m.metadata ->> 'hidden', 'false') <> 'true'
           ORDER BY m.position LIMIT 1
       ) END AS first_prompt
FROM page
LEFT JOIN LATERAL (
    SELECT count(*) AS n,
           coalesce(array_agg(DISTINCT m.provider), '{{}}') AS providers,
           coalesce(array_agg(DISTINCT m.model), '{{}}') AS models
    FROM messages m WHERE m.conversation_id = page.id
) s ON true
ORDER BY page.updated_at DESC, page.id
"""


def _summary(row: Any, metadata: dict[str, Any] | None = None) -> ConversationSummary:
    return ConversationSummary(
        id=row.id,
        title=row.title,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
        message_count=row.n or 0,
        providers=tuple(row.providers or ()),
        models=tuple(row.models or ()),
        preview=preview(row.first_prompt) if row.first_prompt else "",
        metadata=metadata or {},
    )


class _Row:
    """A message validated and serialised, ready for INSERT or COPY."""

    __slots__ = (
        "content_text",
        "created_at",
        "format",
        "identity",
        "metadata_json",
        "model",
        "provider",
        "raw_json",
        "role",
    )

    def __init__(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self, key, value)


def _as_new_message(item: NewMessage | Mapping[str, Any], index: int) -> NewMessage:
    if isinstance(item, NewMessage):
        return item
    if isinstance(item, Mapping):
        try:
            return NewMessage(**item)
        except TypeError as exc:
            raise InvalidMessage(f"message {index}: {exc}") from None
    raise InvalidMessage(f"message {index} is a {type(item).__name__}, not a message")


def _prepare(msg: NewMessage, *, index: int | None) -> _Row:
    """Validate one message and derive its role and searchable text."""
    where = f"message {index}: " if index is not None else ""

    def bad(reason: str) -> InvalidMessage:
        return InvalidMessage(where + reason)

    if not isinstance(msg.raw, dict):
        raise bad(f"the raw message must be a JSON object, not {_json_kind(msg.raw)}")
    if msg.format not in FORMATS:
        raise bad(f"unknown format {str(msg.format)[:60]!r}; expected one of {', '.join(FORMATS)}")
    provider = _short_text(msg.provider, "provider", PROVIDER_MAX, bad)
    model = _short_text(msg.model, "model", MODEL_MAX, bad)
    try:
        raw_json = json.dumps(msg.raw, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except RecursionError:
        raise bad("the raw message is nested too deeply") from None
    except (TypeError, ValueError) as exc:
        raise bad(f"the raw message is not valid JSON: {exc}") from None
    _storable(raw_json, "raw message", bad)
    try:
        derived_role, content_text = derive(msg.raw, msg.format)
    except DeriveError as exc:
        raise bad(f"the raw message is not valid {msg.format}: {exc}") from None
    role = msg.role if msg.role is not None else derived_role
    if role not in ROLES:
        raise bad(f"role {str(role)[: ROLE_MAX + 5]!r} is not one of {', '.join(ROLES)}")
    metadata_json = None
    if msg.metadata is not None:
        if not isinstance(msg.metadata, dict):
            raise bad(f"message metadata must be a JSON object, not {_json_kind(msg.metadata)}")
        try:
            metadata_json = json.dumps(msg.metadata, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise bad(f"message metadata is not valid JSON: {exc}") from None
        _storable(metadata_json, "message metadata", bad)
    created_at = msg.created_at
    if created_at is not None:
        if not isinstance(created_at, datetime):
            raise bad("created_at must be a datetime")
        created_at = _aware(created_at)
    return _Row(
        role=role,
        provider=provider,
        model=model,
        format=msg.format,
        identity=_identity(msg.raw),
        raw_json=raw_json,
        content_text=content_text,
        metadata_json=metadata_json,
        created_at=created_at,
    )


def _identity(raw: dict[str, Any]) -> str | None:
    """The message's id in its source, as `_IDENTITIES_SQL` reads it back."""
    for key in ("id", "uuid"):
        value = raw.get(key)
        if value is not None:
            # ->> renders numbers and objects as JSON text; ids are strings in practice.
            return value if isinstance(value, str) else json.dumps(value, separators=(", ", ": "))
    return None


def _short_text(value: Any, name: str, limit: int, bad: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad(f"{name} must be a non-empty string")
    if len(value) > limit:
        raise bad(f"{name} is {len(value)} characters; the limit is {limit}")
    return value


def _storable(serialised: str, what: str, bad: Any) -> None:
    if len(serialised) > MAX_RAW_BYTES:
        raise bad(
            f"the {what} is {len(serialised) // 2**20} MB; the limit is {MAX_RAW_BYTES // 2**20} MB"
        )
    # Postgres text and JSONB cannot hold NUL or unpaired surrogates.
    if "\\u0000" in serialised or "\x00" in serialised:
        raise bad(f"the {what} contains a NUL character (\\u0000), which Postgres cannot store")
    try:
        serialised.encode("utf-8")
    except UnicodeEncodeError:
        raise bad(f"the {what} contains an unpaired Unicode surrogate") from None


def _json_object(value: Mapping[str, Any] | None, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidMessage(f"{what} must be a JSON object, not {_json_kind(value)}")
    result = dict(value)
    try:
        serialised = json.dumps(result, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidMessage(f"{what} is not valid JSON: {exc}") from None
    _storable(serialised, what, InvalidMessage)
    return result


def _json_kind(value: Any) -> str:
    kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    for kind, name in kinds.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise ConversationNotFound(value) from None


def _aware(moment: datetime) -> datetime:
    # A naive timestamp is taken as UTC, which is what exports mean by one.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _bad_data(exc: DBAPIError, what: str) -> StoreError:
    if isinstance(exc, OperationalError | InterfaceError):
        return unavailable(exc)
    if isinstance(exc, IntegrityError):
        return InvalidMessage(f"the {what} conflicts with stored data: {_first_line(exc)}")
    return InvalidMessage(f"the {what} was refused by the database: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
