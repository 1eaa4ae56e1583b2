"""The benchmark's byte counter (harness/wire.py): every byte a real server sent, counted once,
passed through unchanged."""

import http.server
import os
import socket
import threading

from harness.wire import counting_relay

BODY = os.urandom(300_000)  # incompressible, larger than one read


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args) -> None:  # nothing on the test's output
        pass


def _fetch(base: str) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65_536):
            answer += chunk
    return answer


def test_the_relay_passes_every_byte_and_counts_what_the_server_sent():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with counting_relay(server.server_address[1]) as relay:
            first = _fetch(relay.base)
            assert first.endswith(BODY)
            assert relay.received() == len(first)
            second = _fetch(relay.base)
            assert relay.received() == len(first) + len(second)
    finally:
        server.shutdown()
