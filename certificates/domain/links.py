"""Web links that come from outside the registry (OCA's listing, parsed text): which of them may become a link.

Only a well-formed ``http`` or ``https`` URL with a host is a web link. Anything else (``javascript:``,
``data:``, ``vbscript:``, a protocol-relative ``//host``, a relative path, an entity- or percent-encoded
scheme, a URL with credentials, a backslash, whitespace or control characters inside) is no link at all:
``web_url`` returns "" for it, and the registry stores and shows it as no link. Browsers forgive much
(``java\\tscript:``, ``https:host``, ``https://a\\@b``); the rule refuses whatever a browser could read
differently from this module.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit, urlunsplit

SCHEMES = frozenset({"http", "https"})
# Longer than any real link; a URL past it is refused rather than cut (a cut URL points elsewhere).
MAX_LENGTH = 2000
# Characters never inside a link: a browser drops, rewrites or stops at them, or they end an attribute or a
# Markdown link elsewhere. Unicode spaces, controls and invisible format characters are refused by category.
_REFUSED = frozenset('\\<>"`')
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp"})
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_PORT = re.compile(r"[0-9]{1,5}")
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")


def web_url(text: str) -> str:
    """Return ``text`` as a web link (scheme and host lower-cased, a non-ASCII host in its ASCII form) when it
    is a well-formed ``http``/``https`` URL with a host and nothing a browser could read otherwise; else "".

    Surrounding ASCII whitespace is ignored; whitespace, control or format characters inside refuse it.
    """
    text = text.strip(" \t\n\r\f")
    if not text or len(text) > MAX_LENGTH or any(_refused(ch) for ch in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:  # an unbalanced "[" in the host
        return ""
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or not text[len(scheme) + 1 :].startswith("//"):
        return ""
    netloc = _netloc(parts.netloc)
    if not netloc:
        return ""
    if scheme == parts.scheme and netloc == parts.netloc:
        return text
    return urlunsplit(SplitResult(scheme, netloc, parts.path, parts.query, parts.fragment))


def _refused(character: str) -> bool:
    return character in _REFUSED or unicodedata.category(character) in _REFUSED_CATEGORIES


def _netloc(netloc: str) -> str:
    """Return ``host[:port]`` with the host in its lower-case ASCII form, or "" when it is not exactly that
    (credentials, an empty or malformed host, a port that is not a number from 1 to 65535)."""
    if "@" in netloc:
        return ""
    host, port = netloc, ""
    if not netloc.endswith("]") and ":" in netloc:
        host, port = netloc.rsplit(":", 1)
        if not _PORT.fullmatch(port) or not 0 < int(port) < 65536:
            return ""
    host = _host(host)
    if not host:
        return ""
    return f"{host}:{port}" if port else host


def _host(host: str) -> str:
    """Return the host lower-cased and in ASCII (IDNA), or "" when it is no domain name or IP address."""
    if "%" in host:  # a percent-encoded host, or an IPv6 zone: neither names a host on the web
        return ""
    if host.startswith("[") and host.endswith("]"):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]"
        except ValueError:
            return ""
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError:
        return ""
    labels = host.removesuffix(".").split(".")
    if len(host) > 253 or not all(labels):
        return ""
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        # A browser reads a host ending in a number as an IPv4 address (0x7f.1 is 127.0.0.1): only the
        # dotted decimal form is taken, so the host is what it looks like.
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            return ""
    return host if all(_LABEL.fullmatch(label) for label in labels) else ""
