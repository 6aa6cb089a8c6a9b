"""What every part of the store shares: its connection, transactions, and how database
errors become one-line store errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Self

import psycopg
from sqlalchemy import Connection as SAConnection
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from store.database import Connection, search_engine, unavailable
from store.errors import InvalidMessage, StoreError
from store.search_statistics import SearchStatistics


class StoreBase:
    """The connection and its transactions; each concern of `Store` is a mixin over this."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._engine = connection.engine
        # Opened at the first search: most runs of the app never search.
        self._searcher: Engine | None = None
        self._search_statistics = SearchStatistics()

    @property
    def connection(self) -> Connection:
        return self._connection

    def close(self) -> None:
        self._engine.dispose()
        if self._searcher is not None:
            self._searcher.dispose()

    def __enter__(self) -> Self:
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


def bad_data(exc: DBAPIError, what: str) -> StoreError:
    """The store error for a statement the database refused."""
    if isinstance(exc, OperationalError | InterfaceError):
        return unavailable(exc)
    if isinstance(exc, IntegrityError):
        return InvalidMessage(f"the {what} conflicts with stored data: {first_line(exc)}")
    return InvalidMessage(f"the {what} was refused by the database: {first_line(exc)}")


def first_line(exc: BaseException) -> str:
    """The driver's own message, first line only: never a wall of text for the user."""
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
