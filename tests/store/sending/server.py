"""A local provider server for the sending tests: real HTTP on 127.0.0.1, replaying
recorded SSE streams (tests/data/streams) for any of the four protocols, or answering with
an error status. It records every request it receives so tests can assert what was sent.

Replies are scripted in order: `stream(name)`, `error(status, body, headers)`, `hang()`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

STREAMS = Path(__file__).resolve().parents[2] / "data" / "streams"


@dataclass(frozen=True)
class Received:
    path: str
    query: str
    headers: dict[str, str]
    body: Any
    # time.perf_counter() when the request line arrived (benchmarks: time to send).
    at: float = 0.0


@dataclass(frozen=True)
class _Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    sse: bool = False
    pause: float = 0.0
    hang: bool = False


class ProviderServer:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._replies: deque[_Reply] = deque()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_POST(self) -> None:
                arrived = time.perf_counter()
                length = int(self.headers.get("content-length") or 0)
                data = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(data) if data else None
                except ValueError:
                    body = data.decode("utf-8", "replace")
                parts = urlsplit(self.path)
                server.requests.append(
                    Received(
                        parts.path,
                        parts.query,
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                        arrived,
                    )
                )
                reply = (
                    server._replies.popleft()
                    if server._replies
                    else _Reply(500, b'{"error": {"message": "no scripted reply"}}')
                )
                if reply.hang:
                    server._stop.wait(30)
                    return
                self.send_response(reply.status)
                ctype = "text/event-stream" if reply.sse else "application/json"
                self.send_header("content-type", ctype)
                for name, value in reply.headers:
                    self.send_header(name, value)
                if not reply.sse:
                    self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                try:
                    if not reply.sse:
                        self.wfile.write(reply.body)
                        return
                    for event in _events(reply.body):
                        if server._stop.is_set():
                            return
                        self.wfile.write(event)
                        self.wfile.flush()
                        if reply.pause:
                            time.sleep(reply.pause)
                except (BrokenPipeError, ConnectionResetError):
                    return

            do_GET = do_POST

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def stream(self, name: str, *, pause: float = 0.0) -> None:
        self._replies.append(_Reply(body=(STREAMS / name).read_bytes(), sse=True, pause=pause))

    def stream_bytes(self, body: bytes, *, pause: float = 0.0) -> None:
        self._replies.append(_Reply(body=body, sse=True, pause=pause))

    def error(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self._replies.append(_Reply(status, data, tuple((headers or {}).items())))

    def hang(self) -> None:
        self._replies.append(_Reply(hang=True))

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def _events(body: bytes) -> list[bytes]:
    """The SSE body cut after each blank line, so events arrive one by one."""
    normalized = body.replace(b"\r\n", b"\n")
    pieces = normalized.split(b"\n\n")
    events = [piece + b"\n\n" for piece in pieces if piece.strip()]
    return events
