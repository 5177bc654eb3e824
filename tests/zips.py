"""ZIP archives for the tests, well made with zipfile and then broken by byte surgery: a member's compressed
data overwritten, its CRC, sizes, method, flags or name changed in its headers, the archive cut short."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable

# Offsets of the fields in a local file header (PK\x03\x04) and a central directory header (PK\x01\x02).
LOCAL = {"flags": 6, "method": 8, "crc": 14, "compressed": 18, "size": 22, "name_length": 26, "extra_length": 28}
CENTRAL = {"flags": 8, "method": 10, "crc": 16, "compressed": 20, "size": 24, "name_length": 28, "offset": 42}
_WIDTHS = {"flags": "<H", "method": "<H", "crc": "<L", "compressed": "<L", "size": "<L"}


def build_zip(members: Iterable[tuple[str | zipfile.ZipInfo, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a ZIP archive of ``members`` (names or ZipInfo, and bytes), duplicate names allowed."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", method) as archive:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted here
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _headers(data: bytes, name: str) -> tuple[int, int]:
    """Return the offsets of the local and the central header of the (first) member called ``name``."""
    position = data.index(b"PK\x05\x06")
    (directory,) = struct.unpack_from("<L", data, position + 16)
    while data[directory : directory + 4] == b"PK\x01\x02":
        length, extra, comment = struct.unpack_from("<3H", data, directory + 28)
        if data[directory + 46 : directory + 46 + length] == name.encode():
            return struct.unpack_from("<L", data, directory + 42)[0], directory
        directory += 46 + length + extra + comment
    raise KeyError(name)


def patch(data: bytes, name: str, **fields: int) -> bytes:
    """Return ``data`` with the named header fields of member ``name`` set, in both of its headers."""
    out = bytearray(data)
    local, central = _headers(data, name)
    for field, value in fields.items():
        struct.pack_into(_WIDTHS[field], out, local + LOCAL[field], value)
        struct.pack_into(_WIDTHS[field], out, central + CENTRAL[field], value)
    return bytes(out)


def data_offset(data: bytes, name: str) -> int:
    """Return where member ``name``'s compressed data starts."""
    local, _ = _headers(data, name)
    length, extra = struct.unpack_from("<2H", data, local + LOCAL["name_length"])
    return int(local) + 30 + length + extra


def overwrite(data: bytes, name: str, replacement: bytes, at: int = 0) -> bytes:
    """Return ``data`` with member ``name``'s compressed data overwritten from byte ``at`` on."""
    start = data_offset(data, name) + at
    return data[:start] + replacement + data[start + len(replacement) :]


def rename_in_directory(data: bytes, name: str, other: str) -> bytes:
    """Return ``data`` with member ``name`` called ``other`` (same length) in the central directory only."""
    assert len(other) == len(name)
    _, central = _headers(data, name)
    start = central + 46
    return data[:start] + other.encode() + data[start + len(other) :]


def deflated(payload: bytes) -> bytes:
    """Return ``payload`` as a ZIP member's raw deflate stream."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(payload) + compressor.flush()


def as_zip64(data: bytes) -> bytes:
    """Return the archive with a ZIP64 end of central directory record (and its locator) before the classic
    end record, whose counts and sizes then say 0xFFFF / 0xFFFFFFFF, as large archives are written."""
    end = data.index(b"PK\x05\x06")
    _, _, _, _, entries, directory_size, directory_offset, comment = struct.unpack_from("<4s4H2LH", data, end)
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, directory_size, directory_offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    classic = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, comment)
    return data[:end] + record + locator + classic + data[end + 22 :]


def symlink(name: str) -> zipfile.ZipInfo:
    """Return the header of a symbolic link member, as Info-ZIP stores one (mode 0o120777)."""
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16) | 0x3  # Unix mode, made on Unix
    info.create_system = 3
    return info
