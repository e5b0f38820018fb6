"""Local test servers for the link checker: real sockets on 127.0.0.1, no internet needed."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[float, str, str]] = []  # (time, method, path)
        self.in_flight = 0
        self.max_in_flight = 0

    def enter(self, method, path):
        with self.lock:
            self.requests.append((time.monotonic(), method, path))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self):
        with self.lock:
            self.in_flight -= 1


class GlobalRecorder(Recorder):
    """Counts requests in flight over several servers at once."""


def make_handler(recorder: Recorder, slow_seconds: float, shared: Recorder | None = None, delay: float = 0.0):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            pass

        def _answer(self, method):
            recorder.enter(method, self.path)
            if shared is not None:
                shared.enter(method, self.path)
            try:
                if delay:
                    time.sleep(delay)
                self._route(method)
            finally:
                recorder.leave()
                if shared is not None:
                    shared.leave()

        def _send(self, status, headers=None, body=b""):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _route(self, method):
            path = self.path.split("?")[0]
            if path == "/ok":
                self._send(200, {"Content-Type": "text/html"}, b"<p>ok</p>")
            elif path == "/moved":
                self._send(301, {"Location": "/ok"})
            elif path == "/found":
                self._send(302, {"Location": "/ok"})
            elif path == "/moved-to-missing":
                self._send(301, {"Location": "/missing"})
            elif path == "/loop":
                self._send(302, {"Location": "/loop"})
            elif path == "/missing":
                self._send(404, {"Content-Type": "text/plain"}, b"weg")
            elif path == "/error":
                self._send(500, {"Content-Type": "text/plain"}, b"kapot")
            elif path == "/slow":
                time.sleep(slow_seconds)
                self._send(200, {}, b"te laat")
            elif path == "/redirect":
                from urllib.parse import parse_qs, urlsplit

                target = parse_qs(urlsplit(self.path).query).get("to", ["/ok"])[0]
                self._send(302, {"Location": target})
            elif path == "/no-head":
                if method == "HEAD":
                    self._send(405, {"Allow": "GET"})
                else:
                    self._send(200, {}, b"alleen GET")
            elif path == "/head-breaks":
                if method == "HEAD":
                    self.wfile.write(b"\x00\xffZONDER-HTTP\r\n\r\n")
                    self.close_connection = True
                else:
                    self._send(200, {}, b"GET werkt")
            else:
                self._send(404)

        def do_HEAD(self):
            self._answer("HEAD")

        def do_GET(self):
            self._answer("GET")

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def http_server(slow_seconds: float = 2.0, shared: Recorder | None = None, delay: float = 0.0):
    recorder = Recorder()
    server = _Server(("127.0.0.1", 0), make_handler(recorder, slow_seconds, shared, delay))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", recorder
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def garbage_server():
    """Accepts connections and answers with bytes that are not HTTP at all, then hangs up."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                conn.settimeout(1)
                try:
                    conn.recv(4096)
                except OSError:
                    pass
                conn.sendall(b"\x16\x03\x01GARBAGE \xde\xad\xbe\xef NOT HTTP\r\n\x00\x00\r\n\r\n")
            except OSError:
                pass
            finally:
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=1)
        listener.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
