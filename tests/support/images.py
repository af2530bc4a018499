"""Small real images, made here (no files shipped): PNGs a browser can show, for demo data and
browser tests."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


RGB = tuple[int, int, int]


def png(width: int = 320, height: int = 200, color: RGB = (11, 92, 173), band: int = 0) -> bytes:
    """A PNG of one colour with a white band across its middle (`band` pixels high)."""
    top = (height - band) // 2
    rows = []
    for y in range(height):
        pixel = bytes((255, 255, 255)) if top <= y < top + band else bytes(color)
        rows.append(b"\x00" + pixel * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")
