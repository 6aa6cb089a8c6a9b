"""Failing in one line, telling a terminal from a pipe, and choices known only when needed.

Cheap to import: `--help` and usage errors go through here without loading the store.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO, cast, overload


class CommandError(Exception):
    """A one-line failure of a command, printed as `threadkeep: <message>`."""


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def warn(message: str) -> None:
    from store.sanitise import strip_line

    print(f"threadkeep: {strip_line(message)}", file=sys.stderr)


class LazyChoices(Sequence[str]):
    """Choices owned by the store or the translator, asked for only when needed."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self._items: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = tuple(self._load())
        return self._items

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __str__(self) -> str:
        return ", ".join(self._all())


class Choice(argparse.Action):
    """An option whose value is checked against `listed` after parsing, not during it.

    argparse checks `choices` as it parses; asking the translator for them then would load
    it for every usage error, even one about another argument. Help texts name the
    choices with `%(listed)s`, read only when that help is printed.
    """

    def __init__(
        self, option_strings: Sequence[str], dest: str, listed: LazyChoices, **kwargs: Any
    ) -> None:
        super().__init__(option_strings, dest, **kwargs)
        self.listed = listed

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)

    def check(self, parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
        """A usage error, as argparse words it, when the value given is not a choice."""
        value = getattr(args, self.dest, None)
        if value is not None and value not in self.listed:
            choices = ", ".join(map(repr, self.listed))
            parser.error(
                f"argument {'/'.join(self.option_strings)}: invalid choice: {value!r} "
                f"(choose from {choices})"
            )


def add_choice(
    parser: argparse.ArgumentParser,
    *flags: str,
    listed: Callable[[], Iterable[str]],
    **kwargs: Any,
) -> None:
    """Add an option whose choices `listed` gives, checked once parsing has succeeded.

    `main` runs the parser's `check` default before the command; `%(listed)s` in the help
    names the choices.
    """
    action = cast(
        Choice, parser.add_argument(*flags, action=Choice, listed=LazyChoices(listed), **kwargs)
    )
    parser.set_defaults(check=lambda args: action.check(parser, args))
