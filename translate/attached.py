"""Files kept beside a record (``Record.files``) put into its decoded messages.

An export often names a file without its content: a ChatGPT image part holds only an
``asset_pointer`` into the archive, a Claude message only a file name. When the store kept
the bytes, the file part that names them gets them; a kept file no part names (a ChatGPT
upload listed only in the message's metadata) joins the record's first message, after its
own parts.
"""

from __future__ import annotations

import dataclasses

from translate.canonical import File, Message, Part, new_message

# How a decoded file refers to a file kept elsewhere, before the id: ChatGPT's pointers.
_POINTER = "://"


def has_content(part: File) -> bool:
    """Whether the part carries something a model could read (or an id to fetch it by)."""
    if part.data or part.text or part.file_id:
        return True
    return part.url.startswith(("https://", "http://", "data:", "gs://"))


def _names(part: File) -> set[str]:
    """What the part is known by: its file name, its id in the source's storage (``extra``
    "id" on a kept file, the end of a ChatGPT pointer) or a provider file id.
    """
    names = {part.filename} if part.filename else set()
    if part.file_id:
        names.add(part.file_id)
    if _POINTER in part.url:
        names.add(part.url.partition(_POINTER)[2])
    extra = part.extra
    if isinstance(extra, dict) and isinstance(extra.get("id"), str):
        names.add(extra["id"])
    return names


def _filled(part: File, kept: File) -> File:
    """The kept file in the part's place, named as the part names it if it has no name."""
    return dataclasses.replace(kept, filename=kept.filename or part.filename)


def attach(messages: list[Message], files: tuple[File, ...]) -> list[Message]:
    """The messages with ``files`` in them (see the module's docstring)."""
    if not files:
        return messages
    by_name: dict[str, int] = {}
    for index, kept in enumerate(files):
        for name in _names(kept):
            by_name.setdefault(name, index)
    used: set[int] = set()
    out: list[Message] = []
    for message in messages:
        parts: list[Part] | None = None
        for pi, part in enumerate(message.parts):
            if type(part) is not File:
                continue
            found = next((by_name[n] for n in _names(part) if n in by_name), None)
            if found is None or found in used:
                continue
            used.add(found)
            if has_content(part):
                continue  # the source kept it too (Claude's extracted text): nothing to add
            if parts is None:
                parts = list(message.parts)
            parts[pi] = _filled(part, files[found])
        out.append(message if parts is None else _with_parts(message, parts))
    rest = [f for i, f in enumerate(files) if i not in used]
    if rest and out:
        out[0] = _with_parts(out[0], [*out[0].parts, *rest])
    return out


def _with_parts(message: Message, parts: list[Part]) -> Message:
    return new_message(
        message.role,
        tuple(parts),
        message.origin,
        message.hidden,
        message.extra,
        message.layout,
        message.envelope,
    )
