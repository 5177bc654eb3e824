"""Tests of ingest.text: decoding bytes in every encoding a text certificate arrives in, and stripping markup."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import ExtractionError
from ingest.text import clean_markup, decode_text

SAMPLE = "Certificate OCA.0016.0009.CSMS – Meshcrafts AS\nCertification date: January 25, 2021\n"


# --- decode_text ------------------------------------------------------------------------------------------------


def test_it_decodes_utf8() -> None:
    assert decode_text(SAMPLE.encode("utf-8")) == SAMPLE


def test_it_decodes_utf8_with_a_bom_and_drops_the_bom() -> None:
    assert decode_text(SAMPLE.encode("utf-8-sig")) == SAMPLE


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_decodes_utf16_with_and_without_a_bom(encoding: str) -> None:
    assert decode_text(SAMPLE.encode(encoding)) == SAMPLE


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_it_decodes_utf16_with_either_bom(bom: bytes) -> None:
    encoding = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    assert decode_text(bom + SAMPLE.encode(encoding)) == SAMPLE


def test_it_decodes_windows_1252_when_the_bytes_are_not_utf8() -> None:
    text = "Société Générale – “Charge” café\n"
    assert decode_text(text.encode("cp1252")) == text


def test_it_keeps_crlf_line_ends_for_clean_markup_to_handle() -> None:
    assert decode_text(b"a\r\nb\r\n") == "a\r\nb\r\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00\x00\x00"])
def test_it_rejects_empty_input(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="empty"):
        decode_text(data)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(4096),
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 40,
        b"PK\x03\x04" + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 200,
    ],
)
def test_it_rejects_binary_junk(data: bytes) -> None:
    with pytest.raises(ExtractionError):
        decode_text(data)


@pytest.mark.parametrize(("data", "text"), [("»".encode("utf-16"), "»"), (b"\xff", "ÿ"), (b"\xbb\xbf", "»¿")])
def test_it_does_not_take_text_made_of_bom_like_bytes_for_empty(data: bytes, text: str) -> None:
    assert decode_text(data) == text


def test_it_rejects_utf16_with_a_bom_that_does_not_decode() -> None:
    with pytest.raises(ExtractionError):
        decode_text(b"\xff\xfe" + b"\x00\xd8" * 50)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1))
def test_any_printable_text_round_trips_through_utf8_and_utf16(text: str) -> None:
    if not text.strip(" \ufeff"):
        return
    assert decode_text(text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-16")) == text


# --- clean_markup -----------------------------------------------------------------------------------------------


def test_it_turns_crlf_and_lone_cr_into_lf() -> None:
    assert clean_markup("a\r\nb\rc\r\n") == "a\nb\nc\n"


def test_it_drops_a_bom_and_zero_width_characters() -> None:
    assert clean_markup("\ufeffCertificate\u200b holder") == "Certificate holder"


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u202f", "\u3000"])
def test_it_turns_odd_spaces_into_plain_spaces(space: str) -> None:
    assert clean_markup(f"Certificate{space}holder:{space}EVAR") == "Certificate holder: EVAR"


def test_it_turns_a_fullwidth_colon_into_a_colon() -> None:
    assert clean_markup("Date\uff1a 2022.02.17") == "Date: 2022.02.17"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>Certificate holder:</b> EVAR", "Certificate holder: EVAR"),
        ("<i>DNV</i> <u>Arnhem</u>", "DNV Arnhem"),
        ("<B>bold</B> <I>it</I>", "bold it"),
        ('<span class="x">Pass</span>', "Pass"),
        ("noise <u></u> here", "noise  here"),
    ],
)
def test_it_strips_inline_html_tags(text: str, expected: str) -> None:
    assert clean_markup(text) == expected


@pytest.mark.parametrize("tag", ["<br>", "<br/>", "<br />", "<BR>"])
def test_it_turns_a_line_break_tag_into_a_new_line(tag: str) -> None:
    assert clean_markup(f"ONOPH CARON{tag}Chairman") == "ONOPH CARON\nChairman"


def test_it_turns_block_ends_into_new_lines() -> None:
    assert clean_markup("<p>one</p><p>two</p><div>three</div>") == "one\ntwo\nthree\n"


def test_it_drops_html_comments_scripts_and_styles() -> None:
    assert clean_markup("a<!-- hidden -->b<script>x = 1 < 2;</script>c<style>p {}</style>d") == "abcd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hyundai &amp; Kia", "Hyundai & Kia"),
        ("Date:&nbsp;2021-01-25", "Date: 2021-01-25"),
        ("1.6 &#8211; Edition 2", "1.6 – Edition 2"),
        ("1.6 &#x2013; Edition 2", "1.6 – Edition 2"),
        ("&lt;1 s", "<1 s"),
        ("&quot;SmartCharge&quot;", '"SmartCharge"'),
        ("R&D", "R&D"),
    ],
)
def test_it_decodes_html_entities(text: str, expected: str) -> None:
    assert clean_markup(text) == expected


def test_it_turns_html_table_rows_into_tab_separated_cells() -> None:
    html = (
        "<table>\n<tr><th>Profile</th><th>Result</th></tr>\n"
        "<tr><td>Core</td> <td>Pass</td></tr>\n"
        "<tr><td>Smart\nCharging</td><td><i>Pass</i></td></tr>\n</table>"
    )
    lines = [line for line in clean_markup(html).split("\n") if line.strip()]
    assert lines == ["Profile\tResult", "Core\tPass", "Smart Charging\tPass"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# OCPP 1.6 Full Certificate", "OCPP 1.6 Full Certificate"),
        ("## Certificate", "Certificate"),
        ("###### Deep", "Deep"),
        ("   # Indented", "Indented"),
        ("#hashtag", "#hashtag"),
    ],
)
def test_it_strips_markdown_headings(text: str, expected: str) -> None:
    assert clean_markup(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Certificate holder:** Meshcrafts AS", "Certificate holder: Meshcrafts AS"),
        ("**ONOPH CARON**", "ONOPH CARON"),
        ("__bold__ and *italic* and _kept_", "bold and italic and _kept_"),
        ("5 * 3 = 15", "5 * 3 = 15"),
    ],
)
def test_it_strips_markdown_emphasis(text: str, expected: str) -> None:
    assert clean_markup(text) == expected


def test_it_decodes_entities_once_so_escaped_markup_stays_literal_text() -> None:
    assert clean_markup("&amp;lt;b&amp;gt; and &amp;amp;") == "&lt;b&gt; and &amp;"


def test_it_strips_a_markdown_quote_marker() -> None:
    assert clean_markup("> quoted line") == "quoted line"


def test_it_turns_markdown_pipe_tables_into_tab_rows_and_drops_rule_rows() -> None:
    markdown = "| Profile | Result |\n|---|:---:|\n| Core | **Pass** |\n| Reservation | Pass |"
    assert clean_markup(markdown).split("\n") == ["Profile\tResult", "", "Core\tPass", "Reservation\tPass"]


@pytest.mark.parametrize("rule", ["|---|---|", "| --- | --- |", "|:---|---:|", "---|---", "| :---: |"])
def test_it_empties_table_rule_rows(rule: str) -> None:
    assert clean_markup(rule) == ""


def test_it_keeps_one_line_per_printed_line() -> None:
    text = "a\n\nb\n| x | y |\n|---|---|\nc"
    assert len(clean_markup(text).split("\n")) == len(text.split("\n"))


def test_it_drops_trailing_spaces_and_tabs_but_keeps_inner_tabs() -> None:
    assert clean_markup("Version 1.6J  \nCore\tPass\t\t\nSignature ") == "Version 1.6J\nCore\tPass\nSignature"


def test_it_leaves_plain_text_alone() -> None:
    text = "OCPP 1.6 Full Certificate\nCertificate holder: Meshcrafts AS\nCore\tPass"
    assert clean_markup(text) == text


def test_it_cleans_a_markdown_certificate_with_crlf_and_nbsp() -> None:
    text = "\ufeff# OCPP 1.6 Full Certificate\r\n**Certificate holder:**\u00a0EVAR  \r\n| Core | Pass |\r\n"
    assert clean_markup(text) == "OCPP 1.6 Full Certificate\nCertificate holder: EVAR\nCore\tPass\n"


# Markup as documents print it: whole tags, entities and emphasis markers between words.
markup_text = st.lists(
    st.one_of(
        st.sampled_from(["<b>", "</b>", "<i>", "</i>", "<u>", "</u>", "<br>", "**", "&amp;", "&nbsp;", "&#8211;"]),
        st.sampled_from(["#", " ", "\t", "\n", "\r\n", "<td>", "</td>", "<tr>", "</tr>", "\u00a0", "Core", "Pass"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_clean_markup_never_raises_and_leaves_no_cr_nbsp_or_trailing_space(text: str) -> None:
    cleaned = clean_markup(text)
    assert "\r" not in cleaned
    assert "\u00a0" not in cleaned
    assert all(line == line.rstrip() for line in cleaned.split("\n"))


@settings(max_examples=300, deadline=None)
@given(text=markup_text)
def test_clean_markup_removes_every_tag_and_bold_marker_it_is_given(text: str) -> None:
    cleaned = clean_markup(text)
    assert not any(tag in cleaned for tag in ("<b>", "</b>", "<i>", "<u>", "<br>", "<td>", "<tr>"))
    assert "**" not in cleaned
    assert "&amp;" not in cleaned and "&nbsp;" not in cleaned
