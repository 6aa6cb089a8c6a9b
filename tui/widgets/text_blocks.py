"""An author's text cut into what the pane shows separately: prose, code, artifacts, thinking.

Claude exports keep artifacts (`<antArtifact …>…</antArtifact>`) and `<antThinking>` inside
the message text. Left to Markdown they vanish (HTML is dropped) or read as body text, so
they are cut out first and shown as folds. Fenced code blocks become blocks of their own,
so that the message cursor can stop on one and `C` can copy it. Nothing is lost: every
character of the source lands in exactly one block (tags aside, whose attributes become the
fold's title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["prose", "code", "artifact", "thinking"]

# An unclosed tag (a reply cut off mid-artifact) runs to the end of the text.
_SPECIAL = re.compile(
    r"<antArtifact\b(?P<attrs>[^>]*)>(?P<artifact>.*?)(?:</antArtifact>|\Z)"
    r"|<antThinking>(?P<thinking>.*?)(?:</antThinking>|\Z)",
    re.S,
)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Artifact types and the lexer their body is coloured with.
_LEXERS = {
    "text/html": "html",
    "image/svg+xml": "xml",
    "text/markdown": "markdown",
    "application/vnd.ant.react": "jsx",
    "application/vnd.ant.mermaid": "text",
}


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str
    # Code: its language; artifacts: the lexer for their type.
    language: str = ""
    # Artifacts: their title and type, as the tag gave them.
    title: str = ""
    type: str = ""
    identifier: str = ""


def blocks(text: str) -> list[Block]:
    """The blocks of one text part, in order."""
    out: list[Block] = []
    at = 0
    for match in _SPECIAL.finditer(text):
        out.extend(_prose_and_code(text[at : match.start()]))
        at = match.end()
        if match.group("thinking") is not None:
            out.append(Block("thinking", match.group("thinking").strip("\n")))
            continue
        attrs = {m.group(1): m.group(2) or m.group(3) or "" for m in _ATTR.finditer(match["attrs"])}
        kind = attrs.get("type", "")
        language = attrs.get("language") or _LEXERS.get(kind, "text")
        out.append(
            Block(
                "artifact",
                match.group("artifact").strip("\n"),
                language=language,
                title=attrs.get("title") or attrs.get("identifier", ""),
                type=kind,
                identifier=attrs.get("identifier", ""),
            )
        )
    out.extend(_prose_and_code(text[at:]))
    return out


def _prose_and_code(text: str) -> list[Block]:
    """Top-level fenced code blocks cut out of Markdown prose (by markdown-it's own map)."""
    if not text.strip():
        return []
    if "```" not in text and "~~~" not in text:
        return [Block("prose", text)]
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    out: list[Block] = []
    line = 0
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence" or token.level != 0 or token.map is None:
            continue
        first, last = token.map
        prose = "\n".join(lines[line:first])
        if prose.strip():
            out.append(Block("prose", prose))
        words = token.info.split()
        out.append(Block("code", token.content.rstrip("\n"), language=words[0] if words else ""))
        line = last
    rest = "\n".join(lines[line:])
    if rest.strip():
        out.append(Block("prose", rest))
    return out
