"""A local HTTP server that speaks GatewayAPI's send protocol (POST /rest/mtsms, Token
authentication, JSON in and out), for the backend's tests and the benchmark."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "local-test-token"


@dataclass
class Gateway:
    """What the server received, and how it is to answer the next requests: a list of
    (status, delay seconds) consumed one per request, then 200 at once."""

    received: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    script: list[tuple[int, float]] = field(default_factory=list)
    url: str = ""
    next_id: int = 1000
    lock: threading.Lock = field(default_factory=threading.Lock)
    record: bool = True


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length)
            with gateway.lock:
                status, delay = gateway.script.pop(0) if gateway.script else (200, 0.0)
            if delay:
                time.sleep(delay)
            if self.path != "/rest/mtsms":
                self._answer(404, {"message": "no such endpoint"})
                return
            if self.headers.get("Authorization") != f"Token {TOKEN}":
                self._answer(401, {"code": "0x0001", "message": "Unauthorized"})
                return
            try:
                body = json.loads(raw)
                assert isinstance(body["message"], str) and body["recipients"]
            except (ValueError, KeyError, AssertionError):
                self._answer(422, {"code": "0x0216", "message": "Invalid message"})
                return
            if status != 200:
                self._answer(status, {"code": "0x0000", "message": f"scripted {status}"})
                return
            with gateway.lock:
                if gateway.record:
                    gateway.received.append(body)
                    gateway.headers.append(dict(self.headers))
                gateway.next_id += 1
                ids = [gateway.next_id]
            self._answer(200, {"ids": ids, "usage": {"countries": {"DK": 1}, "currency": "DKK"}})

    return Handler


@contextmanager
def local_gateway() -> Iterator[Gateway]:
    gateway = Gateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/rest/mtsms"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
