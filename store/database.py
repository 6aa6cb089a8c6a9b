"""Connecting to Postgres (embedded or named by URL) and keeping its schema current."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, ProgrammingError, SQLAlchemyError

from store.errors import StoreUnavailable
from store.server import DB_NAME, DB_USER, EmbeddedServer, Endpoint

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's revision; tests check it against Alembic's own view of the head.
SCHEMA_HEAD = "0003"
# Any constant works; it only has to be the same in every threadkeep process.
_MIGRATION_LOCK = 0x7468_6B65_6570  # "thkeep"


@dataclass(frozen=True, slots=True)
class Connection:
    """How a store reaches its database: the engine, and where it lives."""

    engine: Engine
    url: URL
    server: EmbeddedServer | None  # None when the database was named by URL

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)


def embedded_url(endpoint: Endpoint, database: str = DB_NAME) -> URL:
    """The embedded server's URL; in TCP mode it names the password file, not the password."""
    return URL.create(
        "postgresql+psycopg", username=DB_USER, database=database, query=endpoint.libpq_params()
    )


def connect(url: str | None = None) -> Connection:
    """Connect to `url`, else `THREADKEEP_DATABASE_URL`, else the embedded server."""
    given = url or os.environ.get("THREADKEEP_DATABASE_URL") or None
    if given is not None:
        parsed = parse_url(given)
        engine = _engine(parsed)
        _check(engine, parsed)
        return Connection(engine, parsed, None)
    server = EmbeddedServer()
    endpoint = server.ensure_running()
    parsed = embedded_url(endpoint)
    _ensure_database(endpoint)
    engine = _engine(parsed)
    _check(engine, parsed)
    return Connection(engine, parsed, server)


def parse_url(given: str) -> URL:
    try:
        parsed = make_url(given)
    except ArgumentError:
        raise StoreUnavailable(
            "the database URL is not valid; expected postgresql://user:password@host:port/dbname"
        ) from None
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise StoreUnavailable(
            f"the database URL names {parsed.get_backend_name()!r}; threadkeep needs PostgreSQL"
        )
    # Whatever driver the URL names, threadkeep talks to Postgres through psycopg 3.
    return parsed.set(drivername="postgresql+psycopg")


def _engine(
    url: URL, *, pool_size: int = 4, options: str | None = None, autocommit: bool = False
) -> Engine:
    connect_args: dict[str, object] = {"connect_timeout": 10, "application_name": "threadkeep"}
    if options:
        given = url.query.get("options")
        connect_args["options"] = f"{given} {options}" if isinstance(given, str) else options
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args=connect_args,
        **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}),
    )


def search_engine(url: URL) -> Engine:
    """Connections for search alone, in autocommit, where a prepared statement always runs
    its generic plan: search chooses its index path itself from the word statistics
    (store.search), and planning the statement anew for every query cost as much as
    running it for a rare word."""
    return _engine(
        url, pool_size=2, options="-c plan_cache_mode=force_generic_plan", autocommit=True
    )


def _check(engine: Engine, url: URL) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except SQLAlchemyError as exc:
        engine.dispose()
        raise unavailable(exc, url) from None


def _ensure_database(endpoint: Endpoint) -> None:
    """Create the threadkeep database in a freshly initialised embedded cluster."""
    try:
        conninfo = psycopg.conninfo.make_conninfo(
            **endpoint.libpq_params(), user=DB_USER, dbname="postgres"
        )
        with psycopg.connect(conninfo, autocommit=True) as conn:
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", (DB_NAME,)
            ).fetchone()
            if exists is None:
                conn.execute(f'create database "{DB_NAME}"')
    except psycopg.errors.DuplicateDatabase:
        pass  # another process created it a moment ago
    except psycopg.Error as exc:
        raise StoreUnavailable(
            f"the embedded Postgres refused a connection: {_reason(exc)}"
        ) from None


def unavailable(exc: BaseException, url: URL | None = None) -> StoreUnavailable:
    """Turn a driver error into a one-line StoreUnavailable that names the problem."""
    where = f" at {_where(url)}" if url is not None else ""
    return StoreUnavailable(f"cannot reach the database{where}: {_reason(exc)}")


def _where(url: URL) -> str:
    host = url.host or url.query.get("host") or "localhost"
    if isinstance(host, tuple):
        host = ",".join(host)
    # The embedded server's TCP mode names its port in the query, beside the host.
    given_port = url.port or url.query.get("port")
    port = f":{given_port}" if isinstance(given_port, int | str) and given_port else ""
    return f"{host}{port}/{url.database or ''}"


_NOISE = re.compile(r"^(connection failed: )?(connection to server .*? failed: )?", re.IGNORECASE)


def _reason(exc: BaseException) -> str:
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [ln.strip() for ln in str(original).splitlines() if ln.strip()]
    if not lines:
        return type(original).__name__
    # libpq repeats itself once per address tried; the last attempt holds the real reason.
    first = lines[0]
    for line in lines:
        if "failed:" in line:
            first = line
    reason = _NOISE.sub("", first)
    reason = reason.split("failed: ")[-1]
    return reason.replace("FATAL:", "").strip() or first


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (the newest by default); safe when several processes
    open at once.

    A current schema costs one query and never loads Alembic (a second of imports at
    every start); only a schema that differs from SCHEMA_HEAD runs the migrations.
    """
    if revision == "head":
        current = current_revision(engine)
        if current == SCHEMA_HEAD:
            return
        if current is not None and current not in known_revisions():
            raise StoreUnavailable(
                f"the database schema is at revision {current[:40]}, which this threadkeep "
                f"does not know (its newest is {SCHEMA_HEAD}); a newer threadkeep wrote it, "
                "so upgrade threadkeep"
            )
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        # Two processes opening a new database must not both create the tables.
        conn.execute(text("select pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The schema's Alembic revision in one query; None where threadkeep never migrated."""
    with engine.connect() as conn:
        try:
            version = conn.execute(text("select version_num from alembic_version")).scalar()
        except ProgrammingError as exc:
            if isinstance(exc.orig, psycopg.errors.UndefinedTable):
                return None
            raise
        return None if version is None else str(version)


def known_revisions() -> set[str]:
    """Every revision this threadkeep ships, from the migration file names (NNNN_name.py)."""
    return {path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
