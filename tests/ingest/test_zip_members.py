"""Reading ZIP archives member by member: each broken member fails alone with its reason, the others are read;
an archive that cannot be read at all is refused whole; members are read one at a time, never all at once."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

import pytest

from ingest.errors import UploadRejected
from ingest.uploads import ZipLimits, base_name, safe_name, zip_members
from tests import zips
from tests.helpers import SEEDS

FIRST, LAST = (path.read_bytes() for path in sorted(SEEDS.glob("*.txt"))[:2])
LIMITS = ZipLimits(member_bytes=8 * 1024 * 1024, total_bytes=64 * 1024 * 1024)
BROKEN = "broken.txt"


def read(data: bytes, limits: ZipLimits = LIMITS) -> list[tuple[str, bool, str]]:
    """Return (path, read?, error) for each member of the archive ``data``."""
    return [(member.path, member.data is not None, member.error) for member in zip_members(io.BytesIO(data), limits)]


def between(broken: bytes | None = None, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An archive of a good certificate, the member called ``broken.txt``, and another good certificate."""
    return zips.build_zip([("first.txt", FIRST), (BROKEN, broken or FIRST[::-1]), ("last.txt", LAST)], method)


def corrupt_deflate() -> bytes:
    return zips.overwrite(between(), BROKEN, b"\xff\xff\xff\xff")  # block type 3 does not exist


def bad_crc() -> bytes:
    return zips.patch(between(), BROKEN, crc=0x12345678)


def truncated() -> bytes:
    """A member whose deflate stream was cut in half (its headers still describe the whole file)."""
    payload = FIRST[::-1]
    cut = zips.deflated(payload)[: len(zips.deflated(payload)) // 2]
    data = between(cut, zipfile.ZIP_STORED)
    return zips.patch(data, BROKEN, method=zipfile.ZIP_DEFLATED, size=len(payload), crc=zlib.crc32(payload))


def encrypted() -> bytes:
    return zips.patch(between(), BROKEN, flags=0x1)


def unknown_method() -> bytes:
    return zips.patch(between(), BROKEN, method=97)


def deflate64() -> bytes:
    return zips.patch(between(), BROKEN, method=9)


def header_lies_about_size() -> bytes:
    return zips.patch(between(), BROKEN, size=100)


def name_differs_from_header() -> bytes:
    return zips.rename_in_directory(between(), BROKEN, "brokem.txt")


def bomb() -> bytes:
    return between(b" " * (6 * 1024 * 1024))  # 6 MB of blanks deflate to about 6 KB


def oversized() -> bytes:
    return between(b"x" * (LIMITS.member_bytes + 1))


@pytest.mark.parametrize(
    ("archive", "path", "reason"),
    [
        (corrupt_deflate, BROKEN, "compressed data cannot be unpacked"),
        (bad_crc, BROKEN, "fail the CRC check"),
        (truncated, BROKEN, "it is damaged: its bytes fail the CRC check"),
        (encrypted, BROKEN, "encrypted (password-protected)"),
        (unknown_method, BROKEN, "compressed with method 97 (unknown), which cannot be read"),
        (deflate64, BROKEN, "compressed with method 9 (Deflate64)"),
        (header_lies_about_size, BROKEN, "fail the CRC check"),
        (name_differs_from_header, "brokem.txt", "damaged: File name in directory"),
        (bomb, BROKEN, "compressed more than 100 times (a decompression bomb)"),
        (oversized, BROKEN, "unpacks to more than 8,388,608 bytes"),
    ],
)
def test_a_broken_member_fails_alone_and_the_others_are_read(
    archive: Callable[[], bytes], path: str, reason: str
) -> None:
    outcomes = read(archive())
    assert [(name, ok) for name, ok, _ in outcomes] == [("first.txt", True), (path, False), ("last.txt", True)]
    assert reason in outcomes[1][2]


def test_members_that_would_land_outside_the_archive_are_refused() -> None:
    names = ["../evil.txt", "/etc/cron.txt", "C:\\boot.txt", "a/../../up.txt", "ok/../../../x.pdf"]
    outcomes = read(zips.build_zip([("first.txt", FIRST), *((name, LAST) for name in names)]))
    assert outcomes[0] == ("first.txt", True, "")
    assert [(ok, "path leaves the archive" in error) for _, ok, error in outcomes[1:]] == [(False, True)] * 5


def test_every_member_of_a_name_given_twice_is_refused() -> None:
    archive = zips.build_zip([("a.txt", FIRST), ("b.txt", LAST), ("a.txt", LAST), ("./b.txt", FIRST)])
    assert [(path, ok) for path, ok, _ in read(archive)] == [("a.txt", False)] + [("b.txt", False)] + [
        ("a.txt", False),
        ("./b.txt", False),
    ]
    assert "the archive holds 2 files of this name; none of them was read" in read(archive)[0][2]


def test_links_and_nested_archives_are_refused_and_other_files_passed_over() -> None:
    inner = zips.build_zip([("inner.txt", FIRST)])
    archive = zips.build_zip(
        [
            (zips.symlink("passwd.txt"), b"/etc/passwd"),
            ("inner.zip", inner),
            ("photo.png", b"\x89PNG"),
            ("__MACOSX/._first.txt", b"junk"),
            (".hidden/first.txt", FIRST),
            ("folder/", b""),
            ("folder/first.txt", FIRST),
        ]
    )
    outcomes = read(archive)
    assert [(path, ok) for path, ok, _ in outcomes] == [
        ("passwd.txt", False),
        ("inner.zip", False),
        ("folder/first.txt", True),
    ]
    assert "symbolic link" in outcomes[0][2]
    assert "nested archives are not opened" in outcomes[1][2]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (between()[: len(between()) // 2], "the ZIP archive is damaged"),
        (b"PK\x03\x04" + b"\x00" * 200, "the ZIP archive is damaged"),
        (zips.build_zip([(f"{n}.txt", FIRST) for n in range(3)]), "lists more than 2 files"),
        (zips.build_zip([("a" * 1500 + ".txt", FIRST), ("b" * 1500 + ".txt", FIRST)]), "lists more than 2 files"),
        (zips.as_zip64(zips.build_zip([("a" * 1500 + ".txt", FIRST), ("b" * 1500 + ".txt", LAST)])), "more than 2"),
        (zips.build_zip([(f"{n}.txt", FIRST * 3) for n in range(2)]), "unpacks to more than 20,000 bytes"),
    ],
    ids=["cut-short", "no-directory", "too-many-files", "directory-too-large", "zip64-directory", "total-size"],
)
def test_an_archive_that_cannot_be_read_is_refused_whole(data: bytes, reason: str) -> None:
    with pytest.raises(UploadRejected, match=reason):
        read(data, ZipLimits(member_bytes=LIMITS.member_bytes, total_bytes=20_000, entries=2))


def test_an_archive_larger_than_the_total_is_refused_unread() -> None:
    data = zips.build_zip([("first.txt", FIRST)], zipfile.ZIP_STORED)
    with pytest.raises(UploadRejected, match="archives are limited to 100"):
        read(data, ZipLimits(member_bytes=100, total_bytes=100))


def test_a_zip64_archive_is_read() -> None:
    assert [ok for _, ok, _ in read(zips.as_zip64(between(FIRST[::-1])))] == [True, True, True]


def test_members_are_read_one_at_a_time() -> None:
    """Taking the first member reads nothing of the second's data: each member is read when it is asked for."""
    data = between()
    second = zips.data_offset(data, BROKEN)
    directory = data.index(b"PK\x01\x02")

    class Recording(io.BytesIO):
        spans: list[tuple[int, int]] = []

        def read(self, size: int | None = -1) -> bytes:
            start = self.tell()
            chunk = super().read(size)
            self.spans.append((start, start + len(chunk)))
            return chunk

    file = Recording(data)
    members = zip_members(file, LIMITS)
    assert next(members).data == FIRST
    assert not [span for span in file.spans if span[0] < directory and span[1] > second]
    assert next(members).data == FIRST[::-1]
    assert [span for span in file.spans if span[0] < directory and span[1] > second]


def test_names_are_made_safe_to_show_and_store() -> None:
    assert safe_name("evil\nname\u202etxt.pdf") == "evil_name_txt.pdf"
    assert [base_name(name) for name in ("a/b/c.pdf", "a\\b.pdf", "..", "", "x/")] == [
        "c.pdf",
        "b.pdf",
        "document",
        "document",
        "document",
    ]
