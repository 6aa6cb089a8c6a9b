"""The recorded-traffic corpus: real request and response bodies from public recordings.

Each case is ``recorded/<name>.json`` with ``<name>.source.txt`` naming its repository, path,
commit and licence, and the format and provider it was recorded from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from translate import Record

RECORDED = Path(__file__).resolve().parent / "recorded"


@dataclass(frozen=True)
class Case:
    name: str
    format: str
    provider: str
    source: dict[str, str]

    def raw(self) -> Any:
        return json.loads((RECORDED / f"{self.name}.json").read_text())

    def record(self) -> Record:
        return Record(self.raw(), self.format, self.provider)

    @property
    def model(self) -> str:
        raw = self.raw()
        model = raw.get("model") or raw.get("modelVersion") or ""
        return model if isinstance(model, str) else ""


def _source(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value
    return fields


@cache
def cases() -> tuple[Case, ...]:
    out = []
    for path in sorted(RECORDED.glob("*.source.txt")):
        source = _source(path)
        name = path.name.removesuffix(".source.txt")
        out.append(Case(name, source["format"], source["provider"], source))
    return tuple(out)
