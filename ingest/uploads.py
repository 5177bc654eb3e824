"""What an upload or a command line names: files, folders, and the members of ZIP archives, one at a time.

A ZIP archive is read from its file object (never loaded whole), and its members are yielded lazily, one
member's bytes at a time, so an archive of fifty large files costs the memory of one (about twice its size
while it is stored), not of fifty. Every member that cannot be read fails alone with a reason (damaged,
encrypted, compressed by an unknown method, a bomb, a nested archive, a path that leaves the archive, a name
given twice, a link); the other members go on. Only an archive that cannot be read at all, or that is too large
as a whole, is refused whole (``UploadRejected``).
"""

from __future__ import annotations

import io
import lzma
import re
import struct
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from ingest.errors import UploadRejected

ZIP_MAGIC = b"PK\x03\x04"
ACCEPTED_SUFFIXES = {".pdf", ".txt", ".md", ".html", ".htm", ".text", ".markdown"}
# Below this many bytes unpacked a member may compress as well as it likes (a page of blanks does).
RATIO_FLOOR_BYTES = 1024 * 1024
# Bytes of central directory allowed per listed file (46 bytes of header and a name, with room to spare).
DIRECTORY_BYTES_PER_ENTRY = 1024
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_METHOD_NAMES = {9: "Deflate64", 12: "BZIP2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES"}
# Everything zipfile and its decompressors raise for a damaged archive or member.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    struct.error,
)
_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"


@dataclass(frozen=True)
class ZipLimits:
    """What one archive may hold: bytes per member and in all, listed files, and the compression ratio."""

    member_bytes: int
    total_bytes: int
    entries: int = 1000
    ratio: int = 100


@dataclass(frozen=True)
class Member:
    """One file of an archive: its path in the archive, and its bytes, or ``error`` saying why it was refused."""

    path: str
    data: bytes | None
    error: str = ""

    @property
    def filename(self) -> str:
        """The member's name without its folders, as the document is stored under."""
        return base_name(self.path)


def starts_like_zip(file: IO[bytes]) -> bool:
    """Return True when the file (read from its start, then rewound) begins like a ZIP archive."""
    file.seek(0)
    head = file.read(len(ZIP_MAGIC))
    file.seek(0)
    return head == ZIP_MAGIC


def size_of(file: IO[bytes]) -> int:
    """Return the size of a seekable file in bytes; the file is left at its start."""
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    return size


def safe_name(name: str) -> str:
    """Return ``name`` fit to show and store: control and formatting characters (line breaks, bidirectional
    overrides) replaced by ``_``, at most 255 characters."""
    return "".join("_" if unicodedata.category(c) in ("Cc", "Cf") else c for c in name).strip()[:255]


def base_name(path: str) -> str:
    """Return the file name ``path`` ends in (after its last slash or backslash), fit to store, show and put
    in a URL: ``safe_name``'s characters, never empty, ``.`` or ``..`` ("document" instead)."""
    name = safe_name(path.replace("\\", "/").rsplit("/", 1)[-1])
    return name if name not in ("", ".", "..") else "document"


def zip_members(file: IO[bytes], limits: ZipLimits) -> Iterator[Member]:
    """Yield each certificate file of a ZIP archive (PDF or text by its extension), one at a time, in the
    archive's order: a ``Member`` with its bytes, or with the reason it was refused. Folders, hidden files,
    macOS metadata and other file types are passed over; a nested ZIP archive is refused, not opened.

    Reads the archive from ``file`` (seekable, left open) and one member at a time from it. Raises
    ``UploadRejected``, before the first member, for an archive that cannot be read or is too large as a whole.
    """
    archive = _open_archive(file, limits)
    with archive:
        listed = [info for info in archive.infolist() if _is_listed(info)]
        _check_totals(listed, limits)
        names = Counter(_normal_path(info.filename) for info in listed)
        for info in listed:
            path = safe_name(info.filename.replace("\\", "/"))
            problem = _member_problem(info, names, limits)
            if problem:
                yield Member(path, None, problem)
                continue
            try:
                data = _read_member(archive, info, limits.member_bytes)
            except _MemberRefused as exc:
                yield Member(path, None, str(exc))
                continue
            yield Member(path, data)
            del data  # the next member is read without this one in hand


class _MemberRefused(Exception):
    """One member cannot be read; ``str(exc)`` says why."""


def _open_archive(file: IO[bytes], limits: ZipLimits) -> zipfile.ZipFile:
    """Return the archive opened from ``file``, or raise ``UploadRejected`` saying why it cannot be."""
    size = size_of(file)
    if size > limits.total_bytes:
        raise UploadRejected(f"the ZIP archive is {size:,} bytes; archives are limited to {limits.total_bytes:,}")
    directory = _directory_bytes(file, size)
    if directory is not None and directory > limits.entries * DIRECTORY_BYTES_PER_ENTRY:
        raise UploadRejected(f"the ZIP archive lists more than {limits.entries:,} files")
    try:
        return zipfile.ZipFile(file)
    except _ZIP_ERRORS as exc:
        raise UploadRejected(f"the ZIP archive is damaged: {exc}") from exc


def _directory_bytes(file: IO[bytes], size: int) -> int | None:
    """Return the size of the archive's central directory as its end record says (ZIP64 included), without
    reading the directory; None when there is no end record (zipfile then says the archive is damaged)."""
    tail = _tail(file, size, 22 + 20)
    if tail[-22:-18] != _END_OF_DIRECTORY:  # an archive comment (up to 64 KB) follows the end record
        tail = _tail(file, size, 22 + 20 + 65535)
    end = tail.rfind(_END_OF_DIRECTORY)
    if end < 0 or len(tail) - end < 22:
        return None
    directory = int(struct.unpack_from("<L", tail, end + 12)[0])
    locator = end - 20
    if directory != 0xFFFFFFFF or locator < 0 or tail[locator : locator + 4] != _ZIP64_LOCATOR:
        return directory
    record = int(struct.unpack_from("<Q", tail, locator + 8)[0])
    file.seek(record)
    head = file.read(56)
    file.seek(0)
    if len(head) < 56 or head[:4] != _ZIP64_END_OF_DIRECTORY:
        return None
    return int(struct.unpack_from("<Q", head, 40)[0])


def _tail(file: IO[bytes], size: int, length: int) -> bytes:
    """Return the last ``length`` bytes of the file (all of it when shorter); the file is left at its start."""
    file.seek(max(0, size - length))
    tail = file.read()
    file.seek(0)
    return tail


def _is_listed(info: zipfile.ZipInfo) -> bool:
    """Return True for a member the uploader meant as a certificate (or a nested archive, to say it is not
    opened): a file with such an extension, outside hidden and macOS folders."""
    path = PurePosixPath(info.filename.replace("\\", "/"))
    hidden = any(part.startswith((".", "__MACOSX")) and part not in (".", "..") for part in path.parts)
    return not info.is_dir() and not hidden and path.suffix.lower() in (*ACCEPTED_SUFFIXES, ".zip")


def _check_totals(listed: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Raise ``UploadRejected`` when the archive lists too many files, or says they unpack past the cap."""
    if len(listed) > limits.entries:
        raise UploadRejected(f"the ZIP archive lists more than {limits.entries:,} files")
    if sum(info.file_size for info in listed) > limits.total_bytes:
        raise UploadRejected(f"the ZIP archive unpacks to more than {limits.total_bytes:,} bytes")


def _normal_path(name: str) -> str:
    """Return the path a member would be extracted to: backslashes as slashes, without ``.`` and empty parts."""
    return "/".join(part for part in name.replace("\\", "/").split("/") if part not in ("", "."))


def _member_problem(info: zipfile.ZipInfo, names: Counter[str], limits: ZipLimits) -> str:
    """Return why a member is refused before any of it is read (from the directory alone), or "".

    zipfile never unpacks more than a member's header declares, so the declared sizes checked here (and
    their total, in ``_check_totals``) bound what is read.
    """
    name = info.filename.replace("\\", "/")
    mode = info.external_attr >> 16
    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or ".." in name.split("/"):
        return "its path leaves the archive (an absolute path or ..); the member was not read"
    if names[_normal_path(name)] > 1:
        return f"the archive holds {names[_normal_path(name)]} files of this name; none of them was read"
    if (mode & 0o170000) == 0o120000:
        return "it is a symbolic link, not a file"
    if info.flag_bits & 0x1:
        return "it is encrypted (password-protected); add it to the archive without a password"
    if info.compress_type not in _READABLE_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, "unknown")
        return f"it is compressed with method {info.compress_type} ({method}), which cannot be read; use Deflate"
    if PurePosixPath(name).suffix.lower() == ".zip":
        return "it is a ZIP archive inside the archive; nested archives are not opened, upload it on its own"
    if info.file_size > limits.member_bytes:
        return f"it unpacks to more than {limits.member_bytes:,} bytes"
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.ratio * max(info.compress_size, 1):
        return f"it is compressed more than {limits.ratio} times (a decompression bomb); the member was not read"
    return ""


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Return a member's bytes, reading at most ``limit + 1`` of them whatever its header claims (zipfile
    stops at the size the header declares, which ``_member_problem`` checked against the caps).

    Raises ``_MemberRefused`` saying why, for a member past the cap and for a damaged one.
    """
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except _ZIP_ERRORS as exc:
        raise _MemberRefused(_damage(exc)) from exc
    if len(data) > limit:
        raise _MemberRefused(f"it unpacks to more than {limit:,} bytes")
    return data


def _damage(exc: BaseException) -> str:
    """Return what a zipfile or decompressor error says of the member, for the uploader."""
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "it is damaged: its bytes fail the CRC check"
    if isinstance(exc, EOFError):
        return "it is damaged: its compressed data ends early (truncated)"
    if isinstance(exc, zlib.error | lzma.LZMAError):
        return f"it is damaged: its compressed data cannot be unpacked ({exc})"
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return "it is encrypted (password-protected); add it to the archive without a password"
    return f"it is damaged: {exc or type(exc).__name__}"


def path_files(paths: list[Path]) -> Iterator[Path]:
    """Yield the files that ``paths`` name: files as given, folders searched recursively, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path
