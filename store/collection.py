"""Garbage collection held off while a burst of long-lived objects is built.

A burst that allocates hundreds of thousands of containers (the app's start-up, translating
a long conversation for a send) triggers full collections on the way that scan them all,
to free nothing. Holding collection off for the burst only moves the work to when it can
find something.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No garbage collection inside, unless something inside turns it back on; the state
    found is restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
