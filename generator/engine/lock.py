"""One build of a site at a time: an exclusive lock on `.masthead-cache/lock` for the length of a
build, so that two terminals, or `serve` and `build`, cannot corrupt the cache or the output.

The lock is `fcntl.flock` on an open file: the kernel releases it when the process ends, however
it ends (`kill -9` included), so a lock is never stale. The file holds the pid of the holder,
only to name it in the message the second build gets at once (it never waits). The holder
removes the file when done (and the cache folder, if it made it and it is still empty), so a
build leaves no trace beyond what it writes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.core.errors import BuildError, SourceError
from generator.engine.options import BuildOptions, BuildResult

LOCK_FILE = ".masthead-cache/lock"

_held: set[int] = set()  # descriptors of locks held by this process


def _close_in_child() -> None:
    """A forked worker must not keep the lock alive after its parent is gone: close its copies
    (closing, unlike LOCK_UN, leaves the parent's lock in place)."""
    for fd in list(_held):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def holder(site_dir: Path) -> str:
    """The pid written in the lock file, or "" when there is none."""
    try:
        text = (site_dir / LOCK_FILE).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


def _refused(site_dir: Path) -> SourceError:
    pid = holder(site_dir)
    who = f"process {pid}" if pid else "another process"
    return SourceError(
        LOCK_FILE,
        None,
        f"another Masthead build of this site is running ({who}): wait for it to finish, "
        "or stop it, then build again",
    )


def _acquire(path: Path) -> int:
    """An open descriptor of `path`, locked; the file may have been removed by the previous
    holder between our open and our lock, so try until the locked file is the one named."""
    for _ in range(100):  # each retry means another build just finished: a few at most
        try:
            path.parent.mkdir(exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:
            continue  # the folder was removed by a holder finishing: make it again
        except OSError as exc:
            message = f"cannot create the build lock ({exc.strerror})"
            raise SourceError(LOCK_FILE, None, message) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            opened, named = os.fstat(fd), os.stat(path)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise _refused(path.parent.parent) from None
            if exc.errno == errno.ENOENT:
                continue
            raise SourceError(LOCK_FILE, None, f"cannot lock ({exc.strerror})") from None
        if (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino):
            return fd
        os.close(fd)
    raise SourceError(LOCK_FILE, None, "cannot take the build lock: its folder keeps vanishing")


@contextlib.contextmanager
def build_lock(site_dir: Path) -> Iterator[None]:
    """Hold the site's build lock, or raise a one-line SourceError naming the process that holds
    it. A site folder that does not exist is left alone (loading site.yaml reports it)."""
    if not site_dir.is_dir():
        yield
        return
    path = site_dir / LOCK_FILE
    made_folder = not path.parent.exists()
    fd = _acquire(path)
    _held.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        _held.discard(fd)
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: a waiting opener sees it is gone and retries
        os.close(fd)
        if made_folder:
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only when empty


def locked(options: BuildOptions, started: float, run: Callable[[], BuildResult]) -> BuildResult:
    """`run` while holding the site's build lock; a user error, its own or the lock's, comes
    back as the result (the output folder untouched)."""
    try:
        with build_lock(options.site):
            return run()
    except BuildError as exc:
        seconds = time.perf_counter() - started
        return BuildResult(errors=tuple(exc.errors), error_total=exc.total, seconds=seconds)
    except SourceError as exc:
        return BuildResult(errors=(exc,), seconds=time.perf_counter() - started)
