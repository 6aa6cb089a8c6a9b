"""Shared pieces of the benchmarks: where bench data lives, timing, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT = BENCH_DIR / ".out"


def bench_home(name: str) -> Path:
    """A data dir of its own per benchmark archive, never the user's real one."""
    home = OUT / name
    home.parent.mkdir(parents=True, exist_ok=True)
    return home


def use_home(name: str) -> Path:
    home = bench_home(name)
    os.environ["THREADKEEP_HOME"] = str(home)
    os.environ.pop("THREADKEEP_DATABASE_URL", None)
    return home


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {date.today()}"


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """Best wall time of `runs` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)
