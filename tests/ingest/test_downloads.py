"""How a document is handed out: the name it is saved under, its Content-Disposition, a text file's charset."""

from __future__ import annotations

import pytest

from ingest.downloads import content_disposition, download_name
from ingest.text import charset_of


@pytest.mark.parametrize(
    ("filename", "media_type", "saved_as"),
    [
        ("cert.pdf", "application/pdf", "cert.pdf"),
        ("cert", "application/pdf", "cert.pdf"),
        ("cert.txt", "text/plain", "cert.txt"),
        ("cert.md", "text/markdown", "cert.md"),
        ("cert.html", "text/html", "cert.html.txt"),
        ("cert.htm", "text/html", "cert.htm.txt"),
        ("cert.pdf", "text/plain", "cert.pdf.txt"),
        ("cert.svg", "text/plain", "cert.svg.txt"),
    ],
)
def test_a_document_is_saved_under_an_extension_that_matches_what_it_is(
    filename: str, media_type: str, saved_as: str
) -> None:
    assert download_name(filename, media_type) == saved_as


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("a.pdf", 'inline; filename="a.pdf"'),
        ('say "hi"\\.pdf', "inline; filename=\"say _hi__.pdf\"; filename*=UTF-8''say%20%22hi%22%5C.pdf"),
        ("résumé.pdf", "inline; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"),
        ("Сертификат.pdf", "inline; filename=\"document.pdf\"; filename*=UTF-8''" + "%D0%A1%D0%B5%D1%80%D1%82"
         "%D0%B8%D1%84%D0%B8%D0%BA%D0%B0%D1%82.pdf"),
        ("日本", "inline; filename=\"document\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC"),
        ("a\tb.pdf", "inline; filename=\"a_b.pdf\"; filename*=UTF-8''a%09b.pdf"),
    ],
)  # fmt: skip
def test_the_disposition_has_a_quoted_ascii_name_and_the_exact_one_beside_it(name: str, header: str) -> None:
    assert content_disposition(name, inline=True) == header
    assert content_disposition(name, inline=False) == header.replace("inline", "attachment", 1)


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        ("Zertifikat für".encode(), "utf-8"),
        (b"\xef\xbb\xbfCertificate", "utf-8"),
        ("Certificate".encode("utf-16"), "utf-16"),
        ("Certificate of conformance".encode("utf-16-le"), "utf-16le"),
        ("Certificate of conformance".encode("utf-16-be"), "utf-16be"),
        ("Zertifikat für".encode("cp1252"), "windows-1252"),
        ("Zertifikat fü".encode()[:-1], "utf-8"),  # a character cut at the end of the head
    ],
)
def test_a_text_files_charset_is_told_from_its_first_bytes(head: bytes, charset: str) -> None:
    assert charset_of(head) == charset
