"""Start-up as the user waits for it: the real `threadkeep` in a pseudo-terminal.

    uv run python bench/startup.py [--rounds 5] [--json] [--where]

Every run spawns the installed console script, `.venv/bin/threadkeep`, on a fresh
120x40 pseudo-terminal, emulates that terminal with pyte, and times from the spawn to the
first screen that shows a known marker: the newest conversation's title for the list
(the list's first row), the welcome heading for an empty store. Then it types `q` and
reaps the app. `.venv/bin/threadkeep` rather than `uv run threadkeep`: `uv run` first
checks the lock file and syncs the environment, which is uv's cost, not threadkeep's, and
an installed threadkeep (pipx, `uv tool install`, a distro package) is started the same
way as this script.

The baselines run in the same rounds, alternating with what they are compared to
(forward order in even rounds, reversed in odd ones), so both see the same machine:

* `python -c "import argparse"`, for `threadkeep --help`;
* a minimal Textual app (one `Static`), launched the same way: the venv's Python on a
  script, on the same terminal, timed to its text appearing.

Each figure is the median over the rounds of that round's ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, bench_home, machine

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
THREADKEEP = VENV_BIN / "threadkeep"
PYTHON = VENV_BIN / "python"
COLS, ROWS = 120, 40
TIMEOUT_S = 120.0

# The newest conversation of each bench store: the list's first row shows this title.
MARKER = "Startup bench marker"
WELCOME = "Welcome to threadkeep"
MINIMAL_TEXT = "Minimal Textual app ready"
MINIMAL_APP = f'''\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("{MINIMAL_TEXT}")


if __name__ == "__main__":
    Minimal().run()
'''

# (archive name, conversations in all, messages): built once, kept under bench/.out.
SMALL = ("startup-10", 10, 40)
BIG = ("startup-10k", 10_000, 30_000)

BUDGETS = {
    "help": ("threadkeep --help ÷ python -c 'import argparse'", 5.0),
    "list": ("first paint of the list, server running ÷ minimal Textual app", 1.3),
    "scale": ("first paint, 10,000 conversations ÷ 10", 1.1),
    "cold": ("cold start, empty THREADKEEP_HOME, to the welcome screen ÷ minimal app", 3.0),
    "stopped": ("first paint, server stopped and must start ÷ minimal app", 2.0),
}


class BenchError(Exception):
    """A run that did not reach its marker: the message says what the screen showed."""


# --- the stores ---------------------------------------------------------------------------


def ensure_store(spec: tuple[str, int, int]) -> Path:
    """The archive's home, generated once, its newest conversation titled MARKER."""
    from bench.generate import ensure_archive
    from bench.synthetic import PROFILES, TextSource, conversation
    from store import NewMessage

    name, conversations, messages = spec
    previous = os.environ.get("THREADKEEP_HOME")
    store = ensure_archive(name, conversations - 1, messages)
    try:
        top = store.list_conversations(1)
        if not top or top[0].title != MARKER:
            # Created last, so it is the newest update: the first row of the list.
            cid = store.create_conversation(MARKER, {"synthetic": True})
            profile = PROFILES[0]
            store.save_messages(
                cid,
                [
                    NewMessage(raw, p.provider, p.model, p.format)
                    for raw, p in conversation(TextSource(seed=11), profile, 2)
                ],
            )
    finally:
        store.close()
        if previous is None:
            os.environ.pop("THREADKEEP_HOME", None)
        else:
            os.environ["THREADKEEP_HOME"] = previous
    return bench_home(name)


def stop_server(home: Path) -> None:
    from store.server import EmbeddedServer

    EmbeddedServer(home).stop()


def start_server(home: Path) -> None:
    from store.server import EmbeddedServer

    EmbeddedServer(home).ensure_running()


# --- one run ------------------------------------------------------------------------------


def child_env(home: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("THREADKEEP_DATABASE_URL", None)
    env.pop("THREADKEEP_HOME", None)
    if home is not None:
        env["THREADKEEP_HOME"] = str(home)
    # A common modern terminal; the app and the baseline see the same one.
    env.update(TERM="xterm-256color", COLORTERM="truecolor", COLUMNS=str(COLS), LINES=str(ROWS))
    # An installed program runs from bytecode (pip and uv write or compile it); a shell that
    # forbids writing it makes every start compile every module again, which measures the
    # compiler, not the app. Both sides run from bytecode compiled once (compile_bytecode).
    for name in (
        "TEXTUAL",
        "TEXTUAL_DRIVER",
        "TEXTUAL_DEBUG",
        "TERM_PROGRAM",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    return env


def compile_bytecode() -> None:
    """Compile the venv and the project once, as an installer would, before any timing."""
    import compileall
    import sysconfig

    for folder in (
        Path(sysconfig.get_paths()["purelib"]),
        ROOT / "tui",
        ROOT / "store",
        ROOT / "translate",
    ):
        compileall.compile_dir(folder, quiet=1, workers=0)


def _own_terminal() -> None:
    # In the child, before exec: a session of its own with the pty as controlling terminal,
    # as a shell would give it.
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def time_to_screen(argv: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from spawning `argv` on a pty until `marker` shows on its screen."""
    import pyte

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        # preexec_fn is unsafe only with threads, and the bench runs none.
        preexec_fn=_own_terminal,
    )
    os.close(slave)
    try:
        elapsed = _read_until(master, stream, screen, marker, started, proc)
    except BaseException:
        _reap(proc, master, quit_key=False)
        raise
    _reap(proc, master, quit_key=True)
    return elapsed


def _read_until(
    master: int,
    stream: Any,
    screen: Any,
    marker: str,
    started: float,
    proc: subprocess.Popen[bytes],
) -> float:
    # Emulating the terminal costs this process CPU that the app, on two cores, would
    # miss: the bytes wait unparsed until the marker's first word shows up in them, and
    # only then does the emulated screen confirm that the marker is drawn.
    probe = marker.split()[0].encode()
    pending: list[bytes] = []
    emulating = False

    def shown() -> str:
        stream.feed(b"".join(pending))
        pending.clear()
        return "\n".join(line.rstrip() for line in screen.display if line.strip())

    deadline = started + TIMEOUT_S
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise BenchError(f"{marker!r} did not appear in {TIMEOUT_S:.0f} s:\n{shown()}")
        ready, _, _ = select.select([master], [], [], min(left, 1.0))
        if not ready:
            continue
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        arrived = time.perf_counter()
        if not chunk:
            raise BenchError(f"exited ({proc.wait()}) before {marker!r} appeared:\n{shown()}")
        if not emulating:
            # The word may straddle two reads.
            seen = (pending[-1][-len(probe) :] if pending else b"") + chunk
            pending.append(chunk)
            if probe not in seen:
                continue
            emulating = True
            chunk = b"".join(pending)
            pending.clear()
        stream.feed(chunk)
        if any(marker in line for line in screen.display):
            # When the frame reached the terminal, not when the emulator was done with it.
            return arrived - started


def _reap(proc: subprocess.Popen[bytes], master: int, *, quit_key: bool) -> None:
    """Quit the app (or kill it) and drain its output until it has gone."""
    if quit_key:
        with contextlib.suppress(OSError):
            os.write(master, b"q")
    deadline = time.perf_counter() + 15
    try:
        while proc.poll() is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    if not os.read(master, 1 << 16):
                        break
                except OSError:
                    break
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        os.close(master)


def time_to_exit(argv: list[str], env: dict[str, str], expect: str) -> float:
    """Seconds from spawning `argv` until it exits, having printed `expect`."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or expect not in done.stdout:
        raise BenchError(f"{argv} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return elapsed


# --- the rounds ---------------------------------------------------------------------------


@dataclass
class Bench:
    small: Path
    big: Path
    scratch: Path
    minimal: Path

    def trials(self) -> list[tuple[str, Callable[[], float]]]:
        app = [str(THREADKEEP)]
        return [
            (
                "argparse",
                lambda: time_to_exit([str(PYTHON), "-c", "import argparse"], child_env(None), ""),
            ),
            ("help", lambda: time_to_exit([*app, "--help"], child_env(None), "usage: threadkeep")),
            ("textual", self.minimal_app),
            ("list-10", lambda: self.running(self.small)),
            ("list-10k", lambda: self.running(self.big)),
            ("textual", self.minimal_app),
            ("cold", self.cold),
            ("textual", self.minimal_app),
            ("stopped", self.stopped),
        ]

    def minimal_app(self) -> float:
        return time_to_screen([str(PYTHON), str(self.minimal)], MINIMAL_TEXT, child_env(None))

    def running(self, home: Path) -> float:
        # Normally a no-op (the last run left it up), but the figure is "server running".
        start_server(home)
        return time_to_screen([str(THREADKEEP)], MARKER, child_env(home))

    def cold(self) -> float:
        home = Path(tempfile.mkdtemp(prefix="cold-", dir=self.scratch))
        try:
            return time_to_screen([str(THREADKEEP)], WELCOME, child_env(home))
        finally:
            stop_server(home)
            shutil.rmtree(home, ignore_errors=True)

    def stopped(self) -> float:
        stop_server(self.small)
        # The app starts the server and leaves it running, as it would for the user.
        return time_to_screen([str(THREADKEEP)], MARKER, child_env(self.small))


def run_rounds(bench: Bench, rounds: int, progress: bool) -> list[dict[str, list[float]]]:
    trials = bench.trials()
    results: list[dict[str, list[float]]] = []
    # Round 0 warms the page cache, the .pyc files and the servers; it is not counted.
    for number in range(rounds + 1):
        order = trials if number % 2 == 0 else trials[::-1]
        times: dict[str, list[float]] = {}
        for name, trial in order:
            times.setdefault(name, []).append(trial())
        if number:
            results.append(times)
        if progress:
            label = "warm-up" if not number else f"round {number}/{rounds}"
            shown = ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in sorted(times.items()))
            print(f"  {label}: {shown}", file=sys.stderr)
    return results


def figures(results: list[dict[str, list[float]]]) -> dict[str, list[float]]:
    """Per-round ratios of each figure."""
    out: dict[str, list[float]] = {key: [] for key in BUDGETS}
    for times in results:
        one = {k: statistics.median(v) for k, v in times.items()}
        out["help"].append(one["help"] / one["argparse"])
        out["list"].append(one["list-10"] / one["textual"])
        out["scale"].append(one["list-10k"] / one["list-10"])
        out["cold"].append(one["cold"] / one["textual"])
        out["stopped"].append(one["stopped"] / one["textual"])
    return out


def report(
    results: list[dict[str, list[float]]], load: tuple[list[float], list[float]]
) -> dict[str, Any]:
    runs: dict[str, list[float]] = {}
    for times in results:
        for name, values in times.items():
            runs.setdefault(name, []).extend(values)
    ratios = figures(results)
    return {
        "machine": machine(),
        "load_average": {"before": load[0], "after": load[1]},
        "launcher": str(THREADKEEP.relative_to(ROOT)),
        "terminal": f"{COLS}x{ROWS} pty, pyte",
        "rounds": len(results),
        "seconds": {
            name: {"median": statistics.median(v), "min": min(v), "max": max(v), "runs": v}
            for name, v in runs.items()
        },
        "figures": {
            key: {
                "what": what,
                "ratio": statistics.median(ratios[key]),
                "budget": budget,
                "within": statistics.median(ratios[key]) <= budget,
                "per_round": ratios[key],
            }
            for key, (what, budget) in BUDGETS.items()
        },
    }


def print_table(data: dict[str, Any]) -> None:
    print(f"machine: {data['machine']}")
    before, after = data["load_average"]["before"], data["load_average"]["after"]
    print(
        f"load average (1/5/15 min): before {' '.join(f'{x:.2f}' for x in before)}, "
        f"after {' '.join(f'{x:.2f}' for x in after)}"
    )
    print(f"launched as {data['launcher']} on a {data['terminal']}, {data['rounds']} rounds\n")
    print(f"{'run':<10} {'median':>8} {'min':>8} {'max':>8}")
    for name in ("argparse", "help", "textual", "list-10", "list-10k", "cold", "stopped"):
        s = data["seconds"][name]
        print(f"{name:<10} {s['median']:>7.2f}s {s['min']:>7.2f}s {s['max']:>7.2f}s")
    print(f"\n{'figure':<72} {'ratio':>6} {'budget':>7}")
    for f in data["figures"].values():
        verdict = "ok" if f["within"] else "OVER"
        print(f"{f['what']:<72} {f['ratio']:>6.2f} {'≤ ' + str(f['budget']):>7}  {verdict}")


# --- where the time goes ------------------------------------------------------------------


def where(threshold_s: float = 0.1, top: int = 10) -> None:
    """Where the app's and `--help`'s imports spend their time.

    The import tree, parents first, down to the imports that take `threshold_s` or more
    in all, then the modules that cost the most themselves.
    """
    paths = {
        "import tui.app": [str(PYTHON), "-X", "importtime", "-c", "import tui.app"],
        "threadkeep --help": [str(PYTHON), "-X", "importtime", str(THREADKEEP), "--help"],
    }
    for label, argv in paths.items():
        started = time.perf_counter()
        done = subprocess.run(
            argv, env=child_env(None), capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - started
        rows = []
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            self_us, cumulative_us, name = line.split(":", 1)[1].split("|")
            rows.append((int(cumulative_us) / 1e6, int(self_us) / 1e6, name.rstrip()))
        print(f"\n{label}: {wall:.2f} s wall (with -X importtime)")
        print(f"  imports taking {threshold_s * 1000:.0f} ms or more, cumulative:")
        # importtime prints a module after its children; reversed, parents come first.
        for cumulative, _, name in reversed(rows):
            if cumulative >= threshold_s:
                print(f"    {cumulative:6.3f} s  {name[1:]}")
        print(f"  top {top} by own time:")
        for _, own, name in sorted(rows, key=lambda r: r[1], reverse=True)[:top]:
            print(f"    {own:6.3f} s  {name.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="counted rounds (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--where", action="store_true", help="list the slowest imports instead of timing"
    )
    args = parser.parse_args()
    if not THREADKEEP.exists():
        sys.exit(f"startup: {THREADKEEP} is missing; run `uv sync` first")
    if args.where:
        where()
        return
    compile_bytecode()
    small, big = ensure_store(SMALL), ensure_store(BIG)
    for home in (small, big):
        start_server(home)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="startup-") as scratch:
        minimal = Path(scratch) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        bench = Bench(small=small, big=big, scratch=Path(scratch), minimal=minimal)
        load_before = list(os.getloadavg())
        results = run_rounds(bench, max(1, args.rounds), progress=True)
        load_after = list(os.getloadavg())
    data = report(results, (load_before, load_after))
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print_table(data)


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        sys.exit(f"startup: {exc}")
