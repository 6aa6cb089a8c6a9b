"""The ways a conversation can be shown: as stored, or as a provider's request.

The provider views and the reasoning modes are translate's; everything else derives its
list from here.
"""

from __future__ import annotations

from typing import Final, TypeGuard

from translate import VIEWS as _PROVIDER_VIEWS
from translate.reasoning_policy import REASONING_MODES, ReasoningMode

__all__ = ["ORIGINAL", "REASONING_MODES", "VIEW_NAMES", "ReasoningMode", "is_reasoning_mode"]

ORIGINAL: Final = "original"
# Every way the app and the command line can show a conversation.
VIEW_NAMES: Final = (ORIGINAL, *_PROVIDER_VIEWS)


def is_reasoning_mode(value: object) -> TypeGuard[ReasoningMode]:
    return value in REASONING_MODES
