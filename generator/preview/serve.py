"""The preview server: serves the preview build, reloads browsers when it changes, and shows
build errors over the page.

Pages are served from the preview folder as they are, except that HTML responses get one
`<script>` before `</body>` (built files are never touched). The script listens to a
Server-Sent Events stream; each rebuild sends one event to every browser: `reload`, `css`
(only stylesheets changed: swapped in place), `error` (with the messages) or `ok` (nothing to
show anew). Every event carries the id of the output browsers should show, so a browser that
reconnects after missing one reloads.
"""

from __future__ import annotations

import errno
import html
import ipaddress
import json
import mimetypes
import queue
import secrets
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from generator.build import BuildOptions
from generator.preview.watch import BuildFn, Change, ChangeKind, Rebuild, Session

PREVIEW_DIR = ".masthead-preview"
EVENTS_PATH = "/__masthead/events"
SCRIPT_PATH = "/__masthead/livereload.js"
SCRIPT = Path(__file__).with_name("livereload.js")
PING_SECONDS = 15.0  # a comment line this often finds browsers that went away
CLIENT_QUEUE = 16  # events waiting for one browser; a browser further behind is dropped
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
METHODS = "GET, HEAD"
IDLE_SECONDS = 30.0  # a connection that sends or reads nothing this long is closed
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
NOT_FOUND = b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1><p>Not in the preview.</p>"


class ServeError(Exception):
    """The server could not start (the port is in use, the host unknown...)."""


def host_warning(host: str) -> str | None:
    """The warning for a host other machines can reach: the preview shows unpublished work."""
    if host in LOCAL_HOSTS:
        return None
    return (
        f"--host {host}: the preview, drafts and scheduled articles included, "
        "is open to other machines on the network"
    )


def content_type(name: str) -> str:
    """Our table first: the system's MIME types differ from one machine to the next."""
    suffix = Path(name).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def site_path(target: str) -> str | None:
    """The decoded path of a request target, or None when it is malformed or could climb out
    of the served folder (`..`, raw or percent-encoded; backslashes; NUL)."""
    try:
        decoded = unquote(urlsplit(target).path)
    except ValueError:  # "http://[::1" and the like
        return None
    if not decoded.startswith("/") or "\\" in decoded or "\x00" in decoded:
        return None
    if any(part in (".", "..") for part in decoded.split("/")):
        return None
    return decoded


def local_name(host_header: str | None) -> bool:
    """True when a Host header names this machine by a loopback name or address, or is absent
    (HTTP/1.0). A page elsewhere that rebinds its own name to 127.0.0.1 (DNS rebinding) sends
    its own name, and is refused, so it cannot read the preview."""
    if not host_header:
        return True
    try:
        name = (urlsplit("//" + host_header.strip()).hostname or "").rstrip(".")
    except ValueError:
        return False
    if name in LOCAL_HOSTS or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def locate(root: Path, path: str) -> tuple[int, Path | str | None]:
    """(200, file), (301, location of the folder with its `/`) or (404, None) for a decoded
    site path; symlinks that lead out of `root`, symlink loops and names too long are not
    found."""
    try:
        return _locate(root, path)
    except (OSError, RuntimeError, ValueError):  # ELOOP, ENAMETOOLONG; "Symlink loop"
        return 404, None


def _locate(root: Path, path: str) -> tuple[int, Path | str | None]:
    root = root.resolve()
    target = (root / path.lstrip("/")).resolve()
    if target.is_dir() and target.is_relative_to(root):
        if not path.endswith("/"):
            return 301, quote(path) + "/"
        target = (target / "index.html").resolve()
    if target.is_relative_to(root) and target.is_file():
        return 200, target
    return 404, None


def inject(page: bytes, build_id: str, errors: tuple[str, ...]) -> bytes:
    """The page with the live-reload script (and any build errors) before its last `</body>`."""
    tag = (
        f'<script src="{SCRIPT_PATH}" data-build="{html.escape(build_id)}" '
        f'data-errors="{html.escape(json.dumps(errors))}"></script>\n'
    ).encode()
    at = page.lower().rfind(b"</body")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def css_only(changes: tuple[Change, ...]) -> bool:
    """True when only stylesheets changed: browsers swap them without losing their place."""
    kinds = (ChangeKind.STATIC, ChangeKind.CONTENT)
    return bool(changes) and all(c.path.endswith(".css") and c.kind in kinds for c in changes)


def _event(name: str, data: dict) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


class _Client:
    def __init__(self) -> None:
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=CLIENT_QUEUE)
        self.dropped = False

    def next(self) -> bytes | None:
        """The next message for this browser, a ping when there is none, None at the end."""
        if self.dropped:
            return None
        try:
            return self.queue.get(timeout=PING_SECONDS)
        except queue.Empty:
            return b": ping\n\n"


class Broadcast:
    """What browsers should show (a build id and the last build's errors) and the browsers
    listening. Sending never blocks: a browser whose queue is full is dropped and, when it
    reconnects, gets the current state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[_Client] = set()
        self._run = secrets.token_hex(4)  # a tab left open from an earlier run reloads
        self._count = 0
        self.errors: tuple[str, ...] = ()

    @property
    def build_id(self) -> str:
        return f"{self._run}-{self._count}"

    def state(self) -> tuple[str, tuple[str, ...]]:
        with self._lock:
            return self.build_id, self.errors

    def connect(self) -> _Client:
        client = _Client()
        with self._lock:
            self._clients.add(client)
            name = "error" if self.errors else "ok"
            client.queue.put_nowait(_event(name, self._data(self.build_id)))
        return client

    def disconnect(self, client: _Client) -> None:
        with self._lock:
            self._clients.discard(client)

    def rebuilt(self, rebuild: Rebuild) -> str:
        """Tell every browser about a build; returns the event sent."""
        r = rebuild.result
        with self._lock:
            previous = self.build_id
            self.errors = tuple(str(e) for e in r.errors)
            if not r.ok:
                name = "error"
            elif not (r.written or r.removed):
                name = "ok"
            else:
                self._count += 1
                name = "css" if css_only(rebuild.changes) else "reload"
            self._send(_event(name, self._data(previous)))
        return name

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                client.dropped = True
                if not client.queue.full():
                    client.queue.put_nowait(None)
            self._clients.clear()

    def _data(self, previous: str) -> dict:
        return {"build": self.build_id, "previous": previous, "errors": list(self.errors)}

    def _send(self, message: bytes) -> None:
        for client in list(self._clients):
            try:
                client.queue.put_nowait(message)
            except queue.Full:
                client.dropped = True
                self._clients.discard(client)


class PreviewServer(ThreadingHTTPServer):
    """Serves `root` (resolved on every request: the writer swaps the folder) and the
    live-reload endpoints. A connection that sends or reads nothing for `idle_seconds` is
    closed (read by each new connection: a test may wait less than a user would)."""

    daemon_threads = True
    allow_reuse_port = False  # never share the port with another server
    request_queue_size = 128  # many browsers (and tabs) connecting at once are not refused

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.root = root
        self.idle_seconds = idle_seconds
        self.broadcast = Broadcast()
        self.script = SCRIPT.read_bytes()
        if ":" in host:
            self.address_family = socket.AF_INET6
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise ServeError(_bind_problem(host, port, exc)) from None

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host, which can take seconds."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that went away
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use: choose another with --port (0 picks a free one)"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: choose one above 1023 with --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "Masthead-preview"
    default_request_version = "HTTP/1.0"  # errors about a garbled request line get a status line

    def setup(self) -> None:
        """A client that stalls holds only its own thread, and not for long."""
        self.timeout = self.server.idle_seconds
        super().setup()

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def __getattr__(self, name: str):
        """Any other method (POST, PUT, DELETE, or one never heard of) is 405, not 501."""
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self.send_response(405)
        self.send_header("Allow", METHODS)
        self.send_header("Content-Type", TYPES[".txt"])
        self.send_header("Content-Length", "19")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"method not allowed\n")
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass  # a preview server that prints every request drowns the rebuild lines

    def _respond(self, with_body: bool) -> None:
        loopback = self.server.server_address[0] in ("127.0.0.1", "::1")
        if loopback and not local_name(self.headers.get("Host")):
            return self._send(400, TYPES[".txt"], b"bad request: unknown Host\n", with_body)
        path = site_path(self.path)
        if path is None:
            return self._send(400, TYPES[".txt"], b"bad request\n", with_body)
        route = urlsplit(self.path).path
        if route == EVENTS_PATH and with_body:
            return self._events()
        if route == SCRIPT_PATH:
            return self._send(200, content_type(SCRIPT_PATH), self.server.script, with_body)
        status, found = locate(self.server.root, path)
        if status == 301:
            return self._send(301, TYPES[".txt"], b"", with_body, location=str(found))
        try:
            data = found.read_bytes() if isinstance(found, Path) else None
        except OSError:  # removed by a rebuild since `locate`
            data = None
        if data is None:
            return self._not_found(with_body)
        self._send(200, content_type(found.name), data, with_body)

    def _not_found(self, with_body: bool) -> None:
        try:
            page = (self.server.root / "404.html").read_bytes()
        except OSError:  # no build yet (or the site has no 404 page)
            page = NOT_FOUND
        self._send(404, TYPES[".html"], page, with_body)

    def _send(
        self, status: int, ctype: str, data: bytes, with_body: bool, location: str = ""
    ) -> None:
        if ctype.startswith("text/html"):
            data = inject(data, *self.server.broadcast.state())
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def _events(self) -> None:
        """One browser's Server-Sent Events stream, until it goes away or the server stops."""
        client = self.server.broadcast.connect()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")
            while (message := client.next()) is not None:
                self.wfile.write(message)
        except OSError:
            pass  # the browser went away
        finally:
            self.server.broadcast.disconnect(client)
            self.close_connection = True


class Preview:
    """`masthead serve`: bind, build the preview, then watch, rebuild and serve until closed.

    Binds in the constructor, so a port in use fails before any build. The preview builds with
    drafts and scheduled articles (unless told not to) and a base_url of this server."""

    def __init__(
        self,
        site: Path,
        out: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 8000,
        drafts: bool = True,
        future: bool = True,
        report: Callable[[Rebuild], None] | None = None,
        build: BuildFn | None = None,
    ) -> None:
        self.server = PreviewServer(out or site / PREVIEW_DIR, host, port)
        self.url = self.server.url
        options = BuildOptions(
            site=site, out=self.server.root, drafts=drafts, future=future, base_url=self.url
        )
        self._report = report
        self.session = Session(options, self._rebuilt, build)
        self._thread = threading.Thread(
            target=self.server.serve_forever, args=(0.1,), name="preview-server", daemon=True
        )

    def start(self) -> Rebuild:
        """The first build, then serving (so the first page a browser gets is built)."""
        first = self.session.start()
        self._thread.start()
        return first

    def wait(self) -> None:
        """Block until closed; Ctrl-C raises KeyboardInterrupt here."""
        self.session.wait()

    def close(self) -> None:
        self.session.close()
        self.server.broadcast.close()
        if self._thread.is_alive():
            self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Preview:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rebuilt(self, rebuild: Rebuild) -> None:
        self.server.broadcast.rebuilt(rebuild)
        if self._report is not None:
            self._report(rebuild)
