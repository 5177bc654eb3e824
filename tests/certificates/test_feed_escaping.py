"""The Atom feeds carry text from outside (parsed documents, OCA's listing) as text in every field: decoded as
each element's type says, no element or attribute of the data appears; links are the registry's own; characters
XML cannot hold do not break the feed.

The audit's finding: ``<summary type="html">`` carried parsed values unescaped, so a lab named
``<img src=x onerror=…>`` became markup in feed readers.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree

import pytest
from django.test import Client

from certificates.models import Certificate
from certificates.search import certificates_search_reindex
from tests.factories import make_certificate, make_holder, make_lab

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>'
FEEDS = ["/feeds/certificates.atom", "/feeds/search.atom", "/feeds/search.atom?q=evil",
         f"/feeds/search.atom?{urlencode({'q': SCRIPT})}"]  # fmt: skip


class Markup(HTMLParser):
    """The elements and attributes an HTML fragment holds, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag + "".join(f" {name}" for name, _ in attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def decoded(element: ElementTree.Element) -> tuple[list[str], str]:
    """The markup (elements and attributes) and the text an Atom element holds, read as its ``type`` says:
    ``text`` (the default) is text as it is, ``html`` is an HTML fragment, ``xhtml`` is child elements."""
    kind = element.get("type", "text")
    if kind == "xhtml":
        return [child.tag for child in element.iter() if child is not element], "".join(element.itertext())
    if kind == "html":
        markup = Markup()
        markup.feed(element.text or "")
        markup.close()
        return markup.tags, markup.text
    return [], element.text or ""


def hostile_certificate() -> None:
    """A certificate whose every text from outside is markup (the number stays a number: it is a URL part)."""
    make_certificate(
        number="OCA.0016.6666.CSMS",
        holder=make_holder(name=f"Evil Holder {SCRIPT}"),
        holder_name=f"Evil Holder {SCRIPT}",
        lab=make_lab(name=f"Evil Lab {SCRIPT}"),
        product_designation=f"Evil Product {SCRIPT}",
        software_version=f"1.0 {SCRIPT}",
        certificate_type="Core <img src=x onerror=alert(4)>",  # the short columns get short markup
        product_type="<i>CSMS</i>",
        ocpp_version="<b>1.6",
    )
    certificates_search_reindex(queryset=Certificate.objects.all())


@pytest.mark.parametrize("path", FEEDS)
def test_no_element_or_attribute_of_the_data_appears_in_any_field(client: Client, path: str) -> None:
    hostile_certificate()
    response = client.get(path)
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries or "%3Cimg" in path
    for element in feed.iter():
        if element.tag in {f"{ATOM}{name}" for name in ("title", "subtitle", "summary", "content", "rights")}:
            markup, _ = decoded(element)
            assert markup == [], f"{element.tag} holds markup: {markup}"
        for name, value in element.attrib.items():
            assert "<" not in value and '"' not in value, f"{element.tag} {name}={value!r}"
            if name == "href":
                assert urlsplit(value).scheme == "http", value
    for entry in entries:
        assert entry.findall(f"{ATOM}author") == []
        # The only categories are the registry's own: source and status, never a value from outside.
        filed = [(urlsplit(c.get("scheme", "")).query, c.get("term")) for c in entry.findall(f"{ATOM}category")]
        assert filed == [("source=", "document"), ("status=", "unlisted")]


def test_the_data_still_reads_as_written(client: Client) -> None:
    hostile_certificate()
    (entry,) = ElementTree.fromstring(client.get("/feeds/certificates.atom").content).findall(f"{ATOM}entry")
    _, title = decoded(entry.find(f"{ATOM}title"))  # type: ignore[arg-type]
    _, summary = decoded(entry.find(f"{ATOM}summary"))  # type: ignore[arg-type]
    assert f"Evil Holder {SCRIPT}" in title
    assert f"Evil Lab {SCRIPT}." in summary and f"software 1.0 {SCRIPT}" in summary  # escaped once, not twice


def test_every_link_is_the_registry_s_own(client: Client) -> None:
    hostile_certificate()
    feed = ElementTree.fromstring(client.get(f"/feeds/search.atom?{urlencode({'q': f'evil {SCRIPT}'})}").content)
    links = [link.get("href", "") for link in feed.iter(f"{ATOM}link")]
    ids = [element.text or "" for element in feed.iter(f"{ATOM}id")]
    assert links and ids
    for url in links + ids:
        parts = urlsplit(url)
        assert (parts.scheme, parts.hostname) == ("http", "testserver"), url


def test_characters_xml_cannot_hold_are_dropped_not_a_500(client: Client) -> None:
    make_certificate(holder=make_holder(name="Vertical\x0btab\x1f Holder"), product_designation="Form\x0cfeed\ufffe")
    response = client.get("/feeds/certificates.atom")
    assert response.status_code == 200
    (entry,) = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")
    assert "Verticaltab Holder, Formfeed" in (entry.findtext(f"{ATOM}title") or "")
