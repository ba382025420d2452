"""The preview server under attack and load: every form of path traversal, malformed requests,
foreign Host headers (DNS rebinding), binding, 2,000 requests from 50 clients with 200
live-reload streams held open, and clients that stall; raw sockets, so nothing is normalized
on the way."""

from __future__ import annotations

import contextlib
import http.client
import os
import selectors
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import add, md, write_tree
from helpers import SECRET, WAIT, build_with_ways_out, running

from generator.cli import parser
from generator.preview.serve import EVENTS_PATH, Preview, PreviewServer, local_name

SITE = "-- site.yaml --\ntitle: Siege Times\nbase_url: https://example.org/\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site whose folder also holds links that lead out, and a link loop."""
    root = tmp_path_factory.mktemp("siege")
    out = build_with_ways_out(root, SITE, md("Under siege", "Text. " * 2000))
    (root / "outside/index.html").write_text(SECRET)
    (out / "loop").symlink_to(out / "loop")
    (out / "big.bin").write_bytes(os.urandom(8 * 1024 * 1024))
    return out


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[PreviewServer]:
    with running(out) as server:
        yield server


def raw(server: PreviewServer, request: bytes, limit: int = 1 << 20) -> tuple[int, bytes]:
    """Send bytes as they are; return the status (0 when none came) and the whole response."""
    with socket.create_connection(server.server_address[:2], timeout=WAIT) as sock:
        with contextlib.suppress(OSError):  # the server may close before reading it all
            sock.sendall(request)
        data = b""
        with contextlib.suppress(OSError):
            while len(data) < limit and (chunk := sock.recv(65536)):
                data += chunk
    head = data.split(b"\r\n", 1)[0].split()
    return (int(head[1]) if len(head) > 1 and head[1].isdigit() else 0), data


def request(target: str, method: str = "GET", host: str = "127.0.0.1", extra: str = "") -> bytes:
    text = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
    return text.encode()


def still_serving(server: PreviewServer) -> None:
    status, data = raw(server, request("/news/a/"))
    assert status == 200 and b"Under siege" in data


TRAVERSALS = [
    "/../secret.txt", "/../../../../../../etc/passwd", "/..%2fsecret.txt", "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt", "/news/..%2F..%2Fsecret.txt", "/.%2e/secret.txt",
    "/%2e%2e%5csecret.txt",
    "/..\\secret.txt", "/news\\..\\..\\secret.txt", "/%5c..%5csecret.txt", "//etc/passwd",
    "/etc/passwd", "/%2fetc%2fpasswd", "http://evil.example/../secret.txt", "file:///etc/passwd",
    "/%00", "/index.html%00.txt", "/news%00/../../secret.txt", "/%c0%ae%c0%ae/secret.txt",
    "/%c0%ae%c0%ae%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt",
    "/%25%32%65%25%32%65/secret.txt",
    "/%252e%252e/secret.txt", "/..;/secret.txt", "/leak.txt", "/escape/secret.txt", "/escape/",
    "/escape", "/loop", "/loop/x", "/" + "a" * 5000, "/" + "a/" * 3000, "*",
    "/%u002e%u002e/secret.txt", "/\u2025/secret.txt", "/?../../secret.txt", "/#/../secret.txt",
]  # fmt: skip
HOME = {"/?../../secret.txt", "/#/../secret.txt"}  # the home page: query and fragment ignored


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_gets_400_or_404_and_never_a_byte_from_outside(
    server: PreviewServer, target: str
) -> None:
    status, data = raw(server, request(target))
    assert status in ((200,) if target in HOME else (400, 404)), data[:200]
    assert SECRET.encode() not in data and b"root:x:0:0" not in data
    still_serving(server)


MALFORMED = {
    "garbage": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64) + b"\r\n\r\n",
    "words": b"HELLO THERE GENERAL KENOBI\r\n\r\n",
    "one word": b"GARBAGE\r\n\r\n",
    "bad version": b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    "not http": b"GET / FTP/1.0\r\n\r\n",
    "huge request line": b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
    "huge header": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 70_000 + b"\r\n\r\n",
    "many headers": b"GET / HTTP/1.1\r\n" + b"X-Many: y\r\n" * 150 + b"\r\n",
    "bad host": b"GET / HTTP/1.1\r\nHost: [::1\r\n\r\n",
    "bad url": b"GET http://[::1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "nul in line": b"GET /\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "bare lf": b"GET / HTTP/1.1\nHost: 127.0.0.1\n\n\x00\x00",
}  # fmt: skip


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_requests_get_a_4xx_and_the_server_goes_on(
    server: PreviewServer, name: str
) -> None:
    status, data = raw(server, MALFORMED[name])
    expected = {"bare lf": {200}, "bad version": {505}}.get(name, range(400, 500))
    assert status in expected, data[:200]
    still_serving(server)


@pytest.mark.parametrize(
    "method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO"]
)
def test_unsupported_methods_get_405(server: PreviewServer, method: str) -> None:
    status, data = raw(server, request("/index.html", method, extra="Content-Length: 0\r\n"))
    assert status == 405
    assert b"Allow: GET, HEAD" in data
    still_serving(server)


@pytest.mark.parametrize(
    "host, allowed",
    [
        ("127.0.0.1", True), ("127.0.0.1:8000", True), ("localhost:8000", True),
        ("LOCALHOST", True), ("[::1]:8000", True), ("preview.localhost", True),
        ("127.1.2.3:80", True), ("evil.example", False), ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False), ("localhost.evil.example", False), ("[::1", False),
        ("10.0.0.5", False),
    ],
)  # fmt: skip
def test_a_foreign_host_name_is_refused_on_loopback(
    server: PreviewServer, host: str, allowed: bool
) -> None:
    """A page elsewhere whose name was rebound to 127.0.0.1 (DNS rebinding) cannot read drafts."""
    assert local_name(host) is allowed
    status, data = raw(server, request("/news/a/", host=host))
    assert (status == 200) is allowed, data[:200]
    assert allowed or b"Under siege" not in data


def test_any_host_name_is_served_when_bound_to_the_network(out: Path) -> None:
    with running(out, host="0.0.0.0") as server:
        assert raw(server, request("/news/a/", host="newsroom-laptop.lan"))[0] == 200


def test_binds_to_loopback_by_default_and_warns_for_the_network(tmp_path: Path) -> None:
    assert parser().parse_args(["serve"]).host == "127.0.0.1"
    write_tree(tmp_path, SITE)
    add(tmp_path, "news/a.md", md("A"))
    with Preview(tmp_path, port=0) as preview:
        assert preview.server.server_address[0] == "127.0.0.1"
    command = [sys.executable, "-m", "generator", "serve", str(tmp_path), "--port", "0"]
    child = subprocess.Popen(
        [*command, "--host", "0.0.0.0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        first = child.stderr.readline()
        assert first.startswith("warning: --host 0.0.0.0: the preview")
        assert "open to other machines on the network" in first
    finally:
        child.terminate()
        child.wait(WAIT)


def test_a_stalled_connection_is_closed_and_blocks_nobody(out: Path) -> None:
    with running(out) as server:
        server.idle_seconds = 1.0  # read by each connection: no one has connected yet
        idle = [socket.create_connection(server.server_address[:2]) for _ in range(20)]
        half = socket.create_connection(server.server_address[:2])
        half.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
        deaf = []
        for _ in range(5):  # ask for a big file, never read it
            sock = socket.create_connection(server.server_address[:2])
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(request("/big.bin"))
            deaf.append(sock)
        began = time.monotonic()
        for _ in range(20):
            still_serving(server)
        assert time.monotonic() - began < 5
        for sock in [*idle, half]:  # closed by the server once idle too long
            sock.settimeout(WAIT)
            assert sock.recv(100) == b""
        for sock in [*idle, half, *deaf]:
            sock.close()
        still_serving(server)


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


TARGETS = ["/", "/news/", "/news/a/", "/static/style.css", "/missing/", "/feed.xml", "/news"]


def hammer(server: PreviewServer, total: int, clients: int = 50) -> list[int]:
    """`total` requests from `clients` concurrent clients; the statuses."""
    host, port = server.server_address[:2]

    def one(n: int) -> int:
        conn = http.client.HTTPConnection(host, port, timeout=WAIT)
        try:
            conn.request("HEAD" if n % 7 == 0 else "GET", TARGETS[n % len(TARGETS)])
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(total)))


class Streams:
    """Many live-reload connections held open, read together with a selector."""

    def __init__(self, server: PreviewServer, count: int) -> None:
        self.selector = selectors.DefaultSelector()
        self.seen: dict[socket.socket, bytes] = {}
        for _ in range(count):
            sock = socket.create_connection(server.server_address[:2], timeout=WAIT)
            sock.sendall(request(EVENTS_PATH).replace(b"Connection: close\r\n", b""))
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ)
            self.seen[sock] = b""

    def wait_for(self, marker: bytes, seconds: float) -> int:
        """Read until every stream has shown `marker` (or time is up); how many did."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if all(marker in data for data in self.seen.values()):
                break
            for key, _ in self.selector.select(0.2):
                with contextlib.suppress(BlockingIOError):
                    self.seen[key.fileobj] += key.fileobj.recv(65536)
        return sum(marker in data for data in self.seen.values())

    def close(self) -> None:
        for sock in self.seen:
            self.selector.unregister(sock)
            sock.close()


def test_under_load_it_answers_rebuilds_reach_every_client_and_memory_stays_flat(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path, SITE)
    add(tmp_path, "news/a.md", md("Before", "Text."))
    with Preview(tmp_path, port=0) as preview:
        assert preview.start().result.ok
        server = preview.server
        streams = Streams(server, 200)
        try:
            assert streams.wait_for(b"event: ok", 30) == 200
            assert set(hammer(server, 500)) <= {200, 301, 404}  # warm up
            before = rss_kb()
            statuses: list[int] = []
            load = threading.Thread(target=lambda: statuses.extend(hammer(server, 2000)))
            load.start()
            add(tmp_path, "news/a.md", md("After", "Text changed under load."))
            assert streams.wait_for(b"event: reload", 60) == 200
            load.join(120)
            assert len(statuses) == 2000
            assert set(statuses) <= {200, 301, 404} and statuses.count(200) > 1000
            grown = rss_kb() - before
            assert grown < 40_000, f"memory grew by {grown} KB over 2,000 requests"
            body = raw(server, request("/news/a/"))[1]
            assert b"After" in body
        finally:
            streams.close()
