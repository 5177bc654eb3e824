"""What an upload or a command line names, as (name, bytes) pairs: files, folders and ZIP archives.

ZIP archives are read member by member with a cap on each member's size and on the archive's total, so a
decompression bomb is refused instead of unpacked.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ingest.errors import UploadRejected

ZIP_MAGIC = b"PK\x03\x04"
ACCEPTED_SUFFIXES = {".pdf", ".txt", ".md", ".html", ".htm", ".text", ".markdown"}


def is_zip(data: bytes) -> bool:
    """Return True when ``data`` starts like a ZIP archive."""
    return data.startswith(ZIP_MAGIC)


def zip_members(data: bytes, *, max_member_bytes: int, max_total_bytes: int) -> Iterator[tuple[str, bytes]]:
    """Yield (name, bytes) for each certificate file in a ZIP archive, skipping folders and hidden files.

    Raises ``UploadRejected`` for a damaged archive, or one whose members would unpack past the caps.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UploadRejected(f"the ZIP archive is damaged: {exc}") from exc
    with archive:
        members = [m for m in archive.infolist() if _is_certificate_member(m)]
        if sum(m.file_size for m in members) > max_total_bytes:
            raise UploadRejected(f"the ZIP archive unpacks to more than {max_total_bytes:,} bytes")
        for member in members:
            yield PurePosixPath(member.filename).name, _read_member(archive, member, max_member_bytes)


def _is_certificate_member(member: zipfile.ZipInfo) -> bool:
    """Return True for a file member with a certificate's extension, outside hidden and macOS folders."""
    path = PurePosixPath(member.filename)
    hidden = any(part.startswith((".", "__MACOSX")) for part in path.parts)
    return not member.is_dir() and not hidden and path.suffix.lower() in ACCEPTED_SUFFIXES


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """Return a member's bytes, reading at most ``limit + 1`` of them whatever its header claims."""
    with archive.open(member) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(f"{member.filename} unpacks to more than {limit:,} bytes")
    return data


def path_files(paths: list[Path]) -> Iterator[Path]:
    """Yield the files that ``paths`` name: files as given, folders searched recursively, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path
