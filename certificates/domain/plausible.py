"""Whether a parsed record is plausibly a certificate to publish, or must be looked at by a person first.

The parser takes any text that shows two signs of a certificate (a number and a holder label, say), so a
large text that merely quotes a certificate number can come out as a record whose holder is a colon or a run
of words. These rules catch what no certificate looks like; a record that breaks one is not published but
sent to review with the reasons. They were set against the seed certificates, the variation corpus
(``tests/fixtures/variations``) and OCA's public listing, whose longest holder has 61 characters and 7 words,
and whose longest product designation 73 characters and 12 words.
"""

from __future__ import annotations

from certificates.domain.facts import shown
from certificates.domain.numbers import find_number, is_canonical_number
from certificates.domain.record import ParsedCertificate

# A certificate's text has 4,000 to 50,000 characters (an HTML page with its markup); far more is no certificate.
MAX_TEXT_CHARS = 500_000
# A longer name would not fit its column and be cut, and a cut name is a wrong name.
MAX_NAME_CHARS = 255
# Twice the words of the wordiest listed name: more is prose run into the field.
MAX_NAME_WORDS = 24
# Of the fields below, every certificate known prints ten or eleven; a text quoting a number, one or two.
MIN_FIELDS = 4
# The fields a certificate prints besides its number, with the words that name them.
RECOGNISED_FIELDS = {
    "holder": "holder",
    "product_designation": "product designation",
    "software_version": "software version",
    "certification_date": "certification date",
    "test_lab": "test laboratory",
    "test_date": "test date",
    "test_report_reference": "test report reference",
    "octt_version": "OCTT version",
    "profiles": "profile results",
    "signatures": "statement of approval",
}
# The fields that must be names when they are given.
NAME_FIELDS = {"holder": "holder", "product_designation": "product designation", "test_lab": "test laboratory"}


def implausibilities(record: ParsedCertificate, *, text_chars: int) -> list[str]:
    """Return why ``record`` (read from a text of ``text_chars`` characters) cannot be published as it is, one
    phrase per broken rule; empty when it is a plausible certificate."""
    reasons = []
    number = record.certificate_number
    if number and not is_canonical_number(number):
        reasons.append(f"certificate number {shown(number)} is not of the form OCA.VVVV.NNNN.CSMS or .CS")
    for field, label in NAME_FIELDS.items():
        value = getattr(record, field)
        problem = name_problem(value) if value else None
        if problem:
            reasons.append(f"{label} {shown(value)} is no name: {problem}")
    found = recognised_fields(record)
    if len(found) < MIN_FIELDS:
        reasons.append(
            f"only {len(found)} of the {len(RECOGNISED_FIELDS)} fields a certificate prints were found "
            f"({', '.join(found) or 'none'})"
        )
    if text_chars > MAX_TEXT_CHARS:
        reasons.append(f"the text has {text_chars:,} characters, far more than any certificate ({MAX_TEXT_CHARS:,})")
    return reasons


def name_problem(value: str) -> str | None:
    """Return why ``value`` (a holder, product or lab) is no name, or None when it may be one."""
    if not any(character.isalpha() for character in value):
        return "it has no letter"
    if len(value) > MAX_NAME_CHARS:
        return f"it has {len(value):,} characters (at most {MAX_NAME_CHARS})"
    words = len(value.split())
    if words > MAX_NAME_WORDS:
        return f"it has {words} words (at most {MAX_NAME_WORDS})"
    if find_number(value):
        return "it quotes a certificate number"
    return None


def recognised_fields(record: ParsedCertificate) -> list[str]:
    """Return the names (``RECOGNISED_FIELDS``' words) of the fields ``record`` has a value for."""
    present = {
        **{field: getattr(record, field, None) for field in RECOGNISED_FIELDS},
        "signatures": record.vendor_signatory or record.lab_signatory,
    }
    return [label for field, label in RECOGNISED_FIELDS.items() if present[field]]
