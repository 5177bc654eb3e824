"""Tests of certificates.domain.links: which text from outside may become a web link.

Pure function, no database: the audit's variants of a script URL and of tricks a browser reads otherwise,
then hypothesis properties over any text and any generated web URL.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from certificates.domain.links import web_url
from tests.strategies import SOME

OCA_PDF = "https://openchargealliance.org/wp-content/uploads/2024/01/Certificate_OCA.0016.0009.CSMS.pdf"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (OCA_PDF, OCA_PDF),
        ("http://example.org", "http://example.org"),
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
        ("HTTPS://Example.ORG/Path", "https://example.org/Path"),  # scheme and host lower-cased, the path kept
        ("  https://example.org/ \n", "https://example.org/"),  # a cell's surrounding whitespace
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("http://[::1]:8000/", "http://[::1]:8000/"),
        ("https://münchen.de/zertifikat-ä.pdf", "https://xn--mnchen-3ya.de/zertifikat-ä.pdf"),  # the real host
        ("https://example.org./", "https://example.org./"),
    ],
)
def test_it_keeps_web_urls(text: str, expected: str) -> None:
    assert web_url(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\x00script:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "\u200bjavascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/a.pdf",
        "mailto:someone@example.org",
        "//evil.example",
        "\\\\evil.example",
        "/relative/path.pdf",
        "Certificate_OCA.0016.0009.CSMS.pdf",
        "https:evil.example",
        "https:/evil.example",
        "https:///evil.example",
        "https:\\\\evil.example",
        "https://openchargealliance.org@evil.example/",
        "https://user:password@example.org/",
        "https://example.org\\@evil.example/",
        "https://example.org\\.evil.example/",
        "https://exa mple.org/",
        "https://example.org/a b.pdf",
        "https://example.org/a\tb",
        "https://example.org/\u00a0",
        "https://example.org/\u2028",
        "https://example.org/\u202e",  # right-to-left override
        "https://example.org/\x7f",
        "https://example.org/\x85",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/<script>",
        "https://example.org/`",
        "https://",
        "https://:443/",
        "https://example.org:0/",
        "https://example.org:65536/",
        "https://example.org:443x/",
        "https://example.org:/",
        "https://ex_ample.org/",
        "https://-example.org/",
        "https://example-.org/",
        "https://example..org/",
        "https://evil%2Eexample/",
        "http://0x7f.1/",
        "http://2130706433/",
        "http://127.1/",
        "http://999.0.0.1/",
        "http://[fe80::1%25eth0]/",
        "http://[::1/",
        "http://[not-an-address]/",
        "https://" + "a" * 64 + ".org/",
        "https://example.org/" + "a" * 2000,
        "",
        "   ",
    ],
)
def test_it_refuses_everything_else(text: str) -> None:
    assert web_url(text) == ""


@SOME
@given(st.text())
def test_what_it_returns_is_a_web_url_or_nothing(text: str) -> None:
    link = web_url(text)
    if not link:
        return
    parts = urlsplit(link)
    assert parts.scheme in {"http", "https"} and link.startswith(f"{parts.scheme}://")
    assert parts.hostname and "@" not in parts.netloc
    assert link.isprintable() and not any(ch.isspace() or ch in '\\<>"`' for ch in link)
    assert web_url(link) == link


@SOME
@given(
    st.sampled_from(["javascript", "data", "vbscript", "file", "jar"]),
    st.lists(st.booleans(), min_size=10, max_size=10),
    st.lists(st.sampled_from(["", "\t", "\n", "\r", " ", "\x00", "\u200b", "&#x09;", "%09"]), min_size=1, max_size=3),
)
def test_no_spelling_of_another_scheme_gets_through(scheme: str, upper: list[bool], noise: list[str]) -> None:
    mixed = "".join(ch.upper() if up else ch for ch, up in zip(scheme, upper, strict=False))
    cut = len(mixed) // 2
    for text in (f"{mixed}:alert(1)", f"{noise[0]}{mixed}:x", f"{mixed[:cut]}{''.join(noise)}{mixed[cut:]}://x.org/"):
        assert web_url(text) == ""


@SOME
@given(urls())
def test_it_takes_every_well_formed_web_url(url: str) -> None:
    link = web_url(url)
    assert link
    assert urlsplit(link)._replace(scheme="", netloc="") == urlsplit(url)._replace(scheme="", netloc="")
