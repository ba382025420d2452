"""Digests and checksums: one hash function for keys, one for whole cache files."""

from __future__ import annotations

import hashlib
from typing import BinaryIO


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def checksum(data: bytes) -> str:
    """The digest of a whole cache file: SHA-256 runs in hardware on current x86 and ARM
    processors, over twice as fast as blake2b on megabytes."""
    return hashlib.sha256(data).hexdigest()


class ChecksumWriter:
    """Writes to `file` and sums what it writes as `checksum` does, so that a large pickle goes
    to disk in frames, never whole in memory."""

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.sum = file, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sum.update(data)
        return self.file.write(data)

    def checksum(self) -> str:
        return self.sum.hexdigest()
