"""Where a record comes from, in words: read from its certificate document or only listed by OCA, and where its
number stands in OCA's public listing (listed, withdrawn on a date, never listed).

The listing dates are the registry's own sightings (the first and the last import or sync that held the number),
and the words say so: "seen in its listing from 2026-12-05", never "listed since", which would read as the date
OCA listed it (that is the listing's "registered" date, shown with the listing's row).

The one owner of these words: list rows, certificate and company pages, feeds, exports and the API's labels
all take them from here, so "read from its document" means the same thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Where a record's fields come from (the values of ``Certificate.source``).
DOCUMENT = "document"
LISTING = "listing"
# Where its number stands in OCA's listing (the values of ``Certificate.listing_status``).
ACTIVE = "active"
WITHDRAWN = "withdrawn"
UNLISTED = "unlisted"

SOURCE_LABELS = {
    DOCUMENT: "Read from its document",
    LISTING: "Listed by OCA only — no document read",
}
STATUS_LABELS = {
    ACTIVE: "Listed by OCA",
    WITHDRAWN: "Withdrawn from OCA's listing",
    UNLISTED: "Not in OCA's listing",
}
NO_DOCUMENT = (
    "No document of this certificate has been read: what this page shows is what OCA's public listing says, "
    "and its test results, laboratory and measurements are not known."
)
LISTING_HEADING = "What OCA's listing says"


def _day(value: date | None) -> str:
    return value.isoformat() if value else "an unknown date"


@dataclass(frozen=True)
class Provenance:
    """A record's source and its number's status in OCA's listing, with the dates of that status."""

    source: str
    status: str
    listed_since: date | None = None
    last_seen: date | None = None
    withdrawn_on: date | None = None

    @property
    def is_listed_only(self) -> bool:
        """Whether no document was read: every field comes from OCA's listing."""
        return self.source == LISTING

    @property
    def source_words(self) -> str:
        """ "Read from its document" or "Listed by OCA only — no document read" (the code itself when unknown)."""
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def status_words(self) -> str:
        """The status in a few words, for list rows and feed entries: "Listed by OCA", "Withdrawn from OCA's
        listing on 2026-03-05", "Not in OCA's listing". The dates the registry saw it listed are in
        ``status_sentence``."""
        if self.status == WITHDRAWN:
            return f"Withdrawn from OCA's listing on {_day(self.withdrawn_on)}"
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def listing_dates(self) -> str:
        """When the registry found the number in OCA's listing ("" when never): "seen in its listing from
        2026-03-01 to 2026-03-04", or "seen in its listing on 2026-03-01" when both are one day."""
        if self.status not in (ACTIVE, WITHDRAWN):
            return ""
        if self.listed_since and self.listed_since == self.last_seen:
            return f"seen in its listing on {_day(self.listed_since)}"
        return f"seen in its listing from {_day(self.listed_since)} to {_day(self.last_seen)}"

    @property
    def status_sentence(self) -> str:
        """The status with every date known: "Withdrawn from OCA's listing on 2026-03-05: seen in its listing
        from 2026-03-01 to 2026-03-04.", "Listed by OCA: seen in its listing from …", "Not in OCA's listing."."""
        if not self.listing_dates:
            return f"{self.status_words}."
        status = self.status_words if self.status == WITHDRAWN else STATUS_LABELS[ACTIVE]
        return f"{status}: {self.listing_dates}."

    @property
    def words(self) -> str:
        """Source and status in one sentence: "Read from its document. Listed by OCA."."""
        return f"{self.source_words}. {self.status_words}."

    def tested_words(self, lab: str | None) -> str:
        """The source and who tested, as far as is known (never an "unnamed laboratory"): "Read from its
        document: tested by Lab X.", "Read from its document, which names no test laboratory.", or "Listed by
        OCA only — no document read, so its test laboratory is not known."."""
        if self.is_listed_only:
            return f"{self.source_words}, so its test laboratory is not known."
        if lab:
            return f"{self.source_words}: tested by {lab}."
        return f"{self.source_words}, which names no test laboratory."

    def categories(self) -> list[tuple[str, str, str]]:
        """The record's source and status as ``(facet, value, label)``: what a feed entry is filed under."""
        return [
            ("source", self.source, self.source_words),
            ("status", self.status, STATUS_LABELS.get(self.status, self.status)),
        ]


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def read_words(total: int, documented: int) -> str:
    """ "293 certificates, 5 read from their documents" ("1 certificate, 1 read from its document")."""
    documents = "read from its document" if documented == 1 else "read from their documents"
    return f"{_count(total, 'certificate', 'certificates')}, {documented:,} {documents}"


@dataclass(frozen=True)
class Coverage:
    """How much of the registry was read from documents: of ``total`` certificates, ``documented`` were read
    from their documents and ``listed_only`` are known only from OCA's listing; ``withdrawn`` are withdrawn
    from it."""

    total: int
    documented: int
    listed_only: int
    withdrawn: int

    @property
    def words(self) -> str:
        """ "293 certificates, 5 read from their documents"."""
        return read_words(self.total, self.documented)

    @property
    def listed_only_words(self) -> str:
        """ "288 listed by OCA only, no document read"."""
        return f"{self.listed_only:,} listed by OCA only, no document read"

    @property
    def withdrawn_words(self) -> str:
        """ "3 withdrawn from OCA's listing"."""
        return f"{self.withdrawn:,} withdrawn from OCA's listing"

    @property
    def summary(self) -> str:
        """Every count that is not zero, as one sentence: "293 certificates, 5 read from their documents; 288
        listed by OCA only, no document read; 3 withdrawn from OCA's listing."."""
        parts = [self.words]
        if self.listed_only:
            parts.append(self.listed_only_words)
        if self.withdrawn:
            parts.append(self.withdrawn_words)
        return "; ".join(parts) + "."

    @property
    def share_read(self) -> float:
        """The share of certificates read from their documents (0 to 1; 0 when there are none)."""
        return self.documented / self.total if self.total else 0.0
