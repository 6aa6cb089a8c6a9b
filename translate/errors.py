"""The one exception the translate package raises for bad input."""

from __future__ import annotations

from typing import Any


class TranslateError(ValueError):
    """Bad input, with the JSON path of the offending field.

    ``str(error)`` reads like ``content[2].type: expected a string, got an integer``.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)

    def within(self, prefix: str) -> TranslateError:
        """The same error, seen from the object that holds the offending one."""
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return TranslateError(path, self.problem)


_KINDS = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def kind_of(value: Any) -> str:
    """How a JSON value reads in an error message."""
    return _KINDS.get(type(value), f"a Python {type(value).__name__}")


def expected(path: str, what: str, value: Any) -> TranslateError:
    return TranslateError(path, f"expected {what}, got {kind_of(value)}")


def missing(path: str, what: str) -> TranslateError:
    return TranslateError(path, f"is missing (expected {what})")


def wrong(obj: dict[str, Any], key: str, what: str) -> TranslateError:
    """The error for ``obj[key]``: missing, or present with the wrong type."""
    if key not in obj:
        return missing(key, what)
    return expected(key, what, obj[key])
