"""How large an inline (base64) file each target API takes, alone and in one request.

Sizes are counted as the base64 text the request carries, which is what the APIs measure
(Anthropic's error reads "image exceeds 5 MB maximum: N bytes > 5242880 bytes" for the
base64 string) and what makes a request large. Sources, checked December 2026:

* Anthropic Messages: 5 MB per image (docs "Vision"; the API error above); PDFs ride in the
  32 MB request limit (docs "PDF support": "Maximum request size: 32MB").
* OpenAI (Chat Completions and Responses): 20 MB per image (the 400 error "cannot exceed
  20971520 bytes"); images up to 50 MB of payload per request (guide "Images and vision");
  file inputs up to 32 MB of total content per request (guide "File inputs").
* Gemini: inline data up to 100 MB per request since January 2026, raised from 20 MB
  (blog.google "Increased file size limits and expanded inputs support in Gemini API");
  PDFs given inline are limited to 50 MB (ai.google.dev "File input methods").
"""

from __future__ import annotations

from dataclasses import dataclass

from translate.canonical import File
from translate.issuers import ANTHROPIC, CHAT, GEMINI, RESPONSES, issuing_api

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileLimits:
    image: int  # one image
    document: int  # one document (PDF, text)
    request: int  # every inline file of one request together
    whose: str  # whose limits, for the report: "Anthropic's"


_OPENAI = FileLimits(20 * MB, 32 * MB, 50 * MB, "OpenAI's")
LIMITS: dict[str, FileLimits] = {
    ANTHROPIC: FileLimits(5 * MB, 32 * MB, 32 * MB, "Anthropic's"),
    CHAT: _OPENAI,
    RESPONSES: _OPENAI,
    GEMINI: FileLimits(100 * MB, 50 * MB, 100 * MB, "Gemini's"),
}
# An API not above (an AI SDK target for another provider): OpenAI's, the most common.
_DEFAULT = FileLimits(20 * MB, 32 * MB, 50 * MB, "the")


def limits_for(fmt: str, provider: str) -> FileLimits:
    """The limits of the API a target of this format and provider sends to."""
    return LIMITS.get(issuing_api(fmt, provider), _DEFAULT)


def file_limit(limits: FileLimits, media_type: str) -> int:
    """The most base64 text one file of this type may take."""
    one = limits.image if media_type.startswith("image/") else limits.document
    return min(one, limits.request)


def base64_size(size: int) -> int:
    """The length of ``size`` bytes in base64."""
    return (size + 2) // 3 * 4


def inline_size(part: File) -> int | None:
    """The base64 length of a file's inline content; None when it has none.

    A file whose bytes the store held back (translate.records.Record.files) counts with its
    stored size, so that the report can say why it is missing.
    """
    if part.data:
        return len(part.data)
    if part.url.startswith("data:"):
        return len(part.url) - part.url.find(",") - 1
    if not part.text and isinstance(part.extra, dict):
        size = part.extra.get("size")
        if isinstance(size, int) and size > 0 and part.extra.get("withheld"):
            return base64_size(size)
    return None


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"
