"""The preview server over HTTP (http.client): paths that try to leave the folder, content types,
no-store, the 404 page, the script injected into served HTML only, the event stream; then the
`serve` and `watch` commands as processes."""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import add, md, write_tree
from helpers import SECRET, WAIT, build_with_ways_out, running

from generator.build import BuildResult
from generator.cli import parser
from generator.core.errors import SourceError
from generator.preview.serve import (
    SCRIPT_PATH,
    Broadcast,
    Preview,
    PreviewServer,
    ServeError,
    content_type,
    host_warning,
    inject,
    site_path,
)
from generator.preview.watch import Change, ChangeKind, Rebuild

SITE = """
-- site.yaml --
title: Serve Times
base_url: https://example.org/
sections:
  news: {title: News}
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site with links that lead out of the folder, plus files of other types."""
    out = build_with_ways_out(
        tmp_path_factory.mktemp("serve"), SITE, md("Tide tables", "High water at noon.")
    )
    (out / "fonts").mkdir()
    (out / "fonts/serif.woff2").write_bytes(b"wOF2")
    (out / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (out / "feed.atom").write_text("<feed/>")
    return out


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[PreviewServer]:
    with running(out) as server:
        yield server


def get(server: PreviewServer, target: str, method: str = "GET") -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=WAIT)
    try:
        conn.request(method, target)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/news/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/news%5c..%5c..%5csecret.txt",
        "/index.html%00.css",
        "/./index.html",
        "http://evil.example/../secret.txt",
    ],
)
def test_climbing_out_is_a_bad_request(server: PreviewServer, target: str) -> None:
    status, _, body = get(server, target)
    assert status == 400
    assert SECRET.encode() not in body


@pytest.mark.parametrize("target", ["/leak.txt", "/escape/secret.txt", "/escape/", "//etc/passwd"])
def test_links_out_of_the_folder_are_not_found(server: PreviewServer, target: str) -> None:
    status, _, body = get(server, target)
    assert status == 404
    assert SECRET.encode() not in body


@pytest.mark.parametrize(
    ("target", "ctype"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/news/a/", "text/html; charset=utf-8"),
        ("/news/a/index.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/xml"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/feed.atom", "application/atom+xml"),
        ("/logo.svg", "image/svg+xml"),
        ("/fonts/serif.woff2", "font/woff2"),
        (SCRIPT_PATH, "text/javascript; charset=utf-8"),
    ],
)
def test_content_types_and_no_store(server: PreviewServer, target: str, ctype: str) -> None:
    status, headers, body = get(server, target)
    assert status == 200
    assert headers["Content-Type"] == ctype
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Length"] == str(len(body))


@pytest.mark.parametrize(
    ("name", "ctype"),
    [
        ("a.html", "text/html; charset=utf-8"),
        ("A.PNG", "image/png"),
        ("x.jpg", "image/jpeg"),
        ("x.webp", "image/webp"),
        ("x.pdf", "application/pdf"),
        ("x.unknown-type", "application/octet-stream"),
    ],
)
def test_content_type_table(name: str, ctype: str) -> None:
    assert content_type(name) == ctype


def test_script_is_injected_into_served_html_only(server: PreviewServer, out: Path) -> None:
    _, _, body = get(server, "/news/a/")
    on_disk = (out / "news/a/index.html").read_bytes()
    assert b"__masthead" not in on_disk
    assert body.count(SCRIPT_PATH.encode()) == 1
    assert body.index(SCRIPT_PATH.encode()) < body.rindex(b"</body>")
    assert body.replace(body[body.index(b"<script src=") : body.rindex(b"</body>")], b"") == on_disk
    for target, path in [("/static/style.css", "static/style.css"), ("/feed.xml", "feed.xml")]:
        assert get(server, target)[2] == (out / path).read_bytes()


def test_missing_page_gets_the_built_404_page(server: PreviewServer, out: Path) -> None:
    status, headers, body = get(server, "/news/no-such-story/")
    assert status == 404
    assert headers["Cache-Control"] == "no-store"
    assert b"<title>Page not found" in body
    assert SCRIPT_PATH.encode() in body


def test_folder_without_slash_redirects(server: PreviewServer) -> None:
    status, headers, _ = get(server, "/news")
    assert (status, headers["Location"]) == (301, "/news/")


def test_head_sends_headers_only(server: PreviewServer) -> None:
    status, headers, body = get(server, "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_no_build_yet_still_serves_a_page(tmp_path: Path) -> None:
    with running(tmp_path / "missing") as server:
        status, _, body = get(server, "/")
    assert status == 404 and SCRIPT_PATH.encode() in body


@pytest.mark.parametrize(
    ("target", "path"),
    [
        ("/", "/"),
        ("/news/a/?x=1", "/news/a/"),
        ("/caf%C3%A9/", "/café/"),
        ("/a%20b", "/a b"),
        ("/..", None),
        ("/a/../b", None),
        ("/a/%2e/b", None),
        ("relative", None),
        ("/a%5cb", None),
        ("/a\\b", None),
        ("/a%00", None),
    ],
)
def test_site_path(target: str, path: str | None) -> None:
    assert site_path(target) == path


def test_inject_before_the_last_body_end_tag_or_at_the_end() -> None:
    page = b"<html><body><p>x</p></BODY></html>"
    assert inject(page, "b1", ()).startswith(b"<html><body><p>x</p><script src=")
    assert inject(page, "b1", ()).endswith(b"</script>\n</BODY></html>")
    assert inject(b"<p>fragment", "b1", ()).startswith(b"<p>fragment<script")


def test_inject_escapes_errors() -> None:
    errors = ('content/a.md:2: bad "quote" <tag> & more',)
    tag = inject(b"", "b1", errors).decode()
    assert "<tag>" not in tag and '"quote"' not in tag
    assert "&lt;tag&gt;" in tag and "&amp;" in tag


def test_host_warning() -> None:
    assert host_warning("127.0.0.1") is None and host_warning("localhost") is None
    assert "network" in host_warning("0.0.0.0")


# -- the event stream --------------------------------------------------------------------------


def rebuild(written: int = 1, errors: tuple = (), changes: tuple = ()) -> Rebuild:
    return Rebuild(1, changes, BuildResult(errors=errors, written=written), 5.0)


class Events:
    """One browser's event stream, read with a timeout."""

    def __init__(self, server: PreviewServer) -> None:
        self.conn = http.client.HTTPConnection(*server.server_address[:2], timeout=WAIT)
        self.conn.request("GET", "/__masthead/events")
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self) -> tuple[str, dict]:
        name, data = "", ""
        while True:
            line = self.response.fp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif not line and name:
                return name, json.loads(data)

    def close(self) -> None:
        self.conn.close()


def test_events_follow_the_builds(tmp_path: Path, out: Path) -> None:
    with running(out) as server:
        stream = Events(server)
        name, first = stream.next()
        assert name == "ok" and first["errors"] == []
        assert f'data-build="{first["build"]}"'.encode() in get(server, "/")[2]

        server.broadcast.rebuilt(rebuild())
        name, data = stream.next()
        assert name == "reload" and data["previous"] == first["build"] != data["build"]

        css = (Change("static/style.css", ChangeKind.STATIC),)
        server.broadcast.rebuilt(rebuild(changes=css))
        assert stream.next()[0] == "css"

        error = SourceError("content/a.md", 2, "unknown key 'headlnie'")
        server.broadcast.rebuilt(rebuild(written=0, errors=(error,)))
        name, failed = stream.next()
        assert name == "error" and failed["errors"] == ["content/a.md:2: unknown key 'headlnie'"]
        assert b"content/a.md:2: unknown key &#x27;headlnie&#x27;" in get(server, "/")[2]

        late = Events(server)  # a browser that connects while the build is failing
        assert late.next() == ("error", failed)

        server.broadcast.rebuilt(rebuild(written=0))  # fixed, and nothing new to show
        name, fixed = stream.next()
        assert name == "ok" and fixed["build"] == failed["build"] and fixed["errors"] == []
        assert b'data-errors="[]"' in get(server, "/")[2]
        stream.close()
        late.close()


def test_a_browser_that_does_not_read_is_dropped_without_blocking() -> None:
    broadcast = Broadcast()
    stuck, reader = broadcast.connect(), broadcast.connect()
    for _ in range(1000):
        broadcast.rebuilt(rebuild())
        while not reader.queue.empty():
            reader.queue.get_nowait()
    assert stuck.dropped and stuck.next() is None
    assert not reader.dropped


# -- Preview: the session behind `masthead serve` ----------------------------------------------


def test_preview_shows_drafts_and_scheduled_with_its_own_base_url(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    add(tmp_path, "news/a.md", md("Published"))
    add(tmp_path, "news/d.md", md("Unfinished", draft=True))
    add(tmp_path, "news/f.md", md("Tomorrow's", date="2999-01-01"))
    with Preview(tmp_path, port=0) as preview:
        assert preview.start().result.ok
        server = preview.server
        assert server.root == tmp_path / ".masthead-preview"
        for target, badge in [("/news/d/", b"Draft"), ("/news/f/", b"Scheduled")]:
            status, _, body = get(server, target)
            assert status == 200 and badge in body
        assert preview.url.encode() + b"news/a/" in get(server, "/news/a/")[2]
    assert not (tmp_path / "output").exists()


def test_port_in_use_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"port {port} on 127.0.0.1 is in use"):
            Preview(tmp_path, port=port)


def test_serve_flags() -> None:
    args = parser().parse_args(["serve"])
    assert (args.drafts, args.future, args.host, args.port) == (True, True, "127.0.0.1", 8000)
    args = parser().parse_args(["serve", "site", "--no-drafts", "--no-future", "--port", "0"])
    assert (args.site, args.drafts, args.future, args.port) == (Path("site"), False, False, 0)
    assert parser().parse_args(["serve", "--drafts", "--future"]).drafts is True


# -- the commands, as processes ----------------------------------------------------------------


class Command:
    """`python -m generator ...` with its stdout read line by line on a thread."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, text: str) -> str:
        """The next stdout line holding `text` (earlier lines are skipped)."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                self.proc.kill()
                stderr = self.proc.stderr.read()
                raise AssertionError(f"no line with {text!r}; stderr: {stderr}") from None
            if text in line:
                return line

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C; the exit status and stderr."""
        self.proc.send_signal(signal.SIGINT)
        try:
            status = self.proc.wait(timeout=WAIT)
        finally:
            self.proc.kill()
        return status, self.proc.stderr.read()


def test_serve_command_port_0_and_ctrl_c(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    add(tmp_path, "news/a.md", md("Tide tables"))
    command = Command("serve", str(tmp_path), "--port", "0")
    command.expect("first build: ")
    url = command.expect("serving http://127.0.0.1:").split()[1]
    host, port = url.removeprefix("http://").strip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=WAIT)
    conn.request("GET", "/news/a/")
    assert b"Tide tables" in conn.getresponse().read()
    conn.close()
    status, stderr = command.interrupt()
    command.expect("stopped")
    assert status == 0 and "Traceback" not in stderr, stderr


def test_serve_command_port_in_use(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "generator", "serve", str(tmp_path), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=WAIT * 3,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"error: port {port} on 127.0.0.1 is in use: "
        "choose another with --port (0 picks a free one)"
    ]
    assert not (tmp_path / ".masthead-preview").exists()  # failed before building


def test_watch_command_rebuilds_and_stops_cleanly(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    article = add(tmp_path, "news/a.md", md("Tide tables", "Low water."))
    command = Command("watch", str(tmp_path))
    command.expect("first build: ")
    command.expect("watching ")
    article.write_text(md("Tide tables", "High water."), encoding="utf-8")
    line = command.expect("content/news/a.md changed: ")
    assert " written, " in line and line.endswith(" ms")
    status, stderr = command.interrupt()
    assert status == 0 and "Traceback" not in stderr, stderr
    assert "High water." in (tmp_path / "output/news/a/index.html").read_text()
