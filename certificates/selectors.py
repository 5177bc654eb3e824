"""Reads of the registry shared by the API and the site: facet counts and export rows."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from rapidfuzz import fuzz, process

from certificates.caching import PerGeneration
from certificates.choices import PROFILE_BITS, CertificateSource, FlagKind, OcppVersion, ProductType, ProfileResultValue
from certificates.models import Certificate, DataQualityFlag, Holder, HolderAlias, Lab, LabAlias

FACETS = (
    "ocpp_version",
    "product_type",
    "certificate_type",
    "profile",
    "lab",
    "year",
    "octt_version",
    "source",
    "flag",
)


def certificate_facets(queryset: QuerySet[Certificate]) -> dict[str, list[dict[str, Any]]]:
    """Return, for each facet, the values found among ``queryset`` with their counts, most frequent first.

    Each value is ``{"value", "label", "count"}``; ``value`` is what the matching filter takes (a lab's id,
    a year). The hits are read once, grouped by every facet column at once (groups, not rows: 7,863 for
    100,000 synthetic certificates), and the groups are counted here; then the data-quality flags, few,
    are matched to the hits. Two queries, three when some certificate is flagged.
    """
    groups = (
        queryset.order_by()
        .annotate(year=ExtractYear("certification_date"))
        .values_list(*_COLUMNS, "lab_id", "lab__name", "year", "profiles_passed")
        .annotate(hits=Count("pk"))
    )
    counters: dict[str, Counter[Any]] = {name: Counter() for name in (*_COLUMNS, "lab", "year")}
    lab_names: dict[int, str] = {}
    masks: Counter[int] = Counter()
    for *columns, lab_id, lab_name, year, passed, hits in groups:
        for name, value in zip(_COLUMNS, columns, strict=True):
            if value:
                counters[name][value] += hits
        if lab_id is not None:
            counters["lab"][lab_id] += hits
            lab_names[lab_id] = lab_name
        if year is not None:
            counters["year"][year] += hits
        masks[passed] += hits
    facets = {name: _items(counters[name], lambda value: _LABELS.get(value, value)) for name in _COLUMNS}
    facets["lab"] = _items(counters["lab"], lab_names.get)
    facets["year"] = sorted(_items(counters["year"], str), key=lambda item: -item["value"])
    profiles = {name: sum(n for mask, n in masks.items() if mask & bit) for name, bit in PROFILE_BITS.items()}
    facets["profile"] = _items(+Counter(profiles), str)
    facets["flag"] = _items(_flag_counts(queryset), lambda kind: FlagKind(kind).label)
    return {name: facets[name] for name in FACETS}


def _facets_of_all() -> dict[str, list[dict[str, Any]]]:
    return certificate_facets(Certificate.objects.public())


# The facets of the whole registry (what an unfiltered list shows), once per generation: grouping every
# certificate takes a few hundred milliseconds at 100,000.
ALL_FACETS = PerGeneration("registry:facets:v1", _facets_of_all)


_LABELS = {**dict(OcppVersion.choices), **dict(ProductType.choices), **dict(CertificateSource.choices)}
_COLUMNS = ("ocpp_version", "product_type", "certificate_type", "octt_version", "source")


def _flag_counts(queryset: QuerySet[Certificate]) -> Counter[str]:
    """How many of ``queryset``'s certificates carry each kind of data-quality flag.

    Flags are a listing's disagreements, a few per hundred certificates: all of them are read, and the
    search is asked only which of their numbers it finds.
    """
    flags = list(DataQualityFlag.objects.values_list("number", "kind"))
    if not flags:
        return Counter()
    flagged = {number for number, _ in flags}
    found = set(queryset.order_by().filter(number__in=flagged).values_list("number", flat=True))
    return Counter(kind for number, kind in flags if number in found)


def _items(counts: Counter[Any], label: Callable[[Any], Any]) -> list[dict[str, Any]]:
    """Counted values as facet items: most frequent first, then by label."""
    items = [{"value": value, "label": label(value), "count": count} for value, count in counts.items()]
    return sorted(items, key=lambda item: (-item["count"], str(item["label"])))


# Columns of the CSV export, in order: one row per certificate, profiles as lists.
CSV_COLUMNS = [
    "number", "version", "ocpp_version", "product_type", "certificate_type", "holder", "holder_name",
    "product_designation", "software_version", "firmware_version", "hardware_version", "certification_date",
    "lab", "test_lab_location", "test_date", "test_report_reference", "octt_version", "profiles_passed",
    "profiles_not_passed", "url",
]  # fmt: skip


def csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Yield the CSV export of ``records`` (full API records) line by line, header first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    yield _drain(buffer)
    for record in records:
        profiles = record.get("profiles", [])
        writer.writerow(
            {
                **record,
                "holder": (record.get("holder") or {}).get("name", ""),
                "lab": (record.get("lab") or {}).get("name", ""),
                "profiles_passed": "; ".join(p["name"] for p in profiles if p["result"] == ProfileResultValue.PASS),
                "profiles_not_passed": "; ".join(
                    f"{p['name']} ({p['result']})" for p in profiles if p["result"] != ProfileResultValue.PASS
                ),
            }
        )
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def ndjson_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Yield one JSON document per record, each on its own line."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


@dataclass(frozen=True)
class MergeSuggestion:
    """Two entities (holders or labs) that are probably one company, the names that matched, and how well
    (0–100)."""

    score: float
    first: Holder | Lab
    second: Holder | Lab
    first_name: str
    second_name: str


def merge_suggestions(
    entity: type[Holder] | type[Lab], *, threshold: float = 90, limit: int = 100
) -> list[MergeSuggestion]:
    """Return pairs of holders (or labs) whose names are alike, best first.

    Every name of an entity is compared with every name of the others (rapidfuzz on the names' keys); a pair
    scores its best match: the token-sort ratio of the keys, the plain ratio of the keys without spaces
    ("Star Charge" and "Starcharge"), 100 when one name is the other's initials ("KSGA" and "Korea Smart
    Grid Association"), or the threshold when one name is the first words of the other ("DNV", "DNV GL").
    Reads the entities and their aliases in two queries.
    """
    owner = "holder_id" if entity is Holder else "lab_id"
    aliases = HolderAlias.objects if entity is Holder else LabAlias.objects
    entities = {item.pk: item for item in entity.objects.all()}
    keys: list[tuple[str, int, str]] = list(aliases.values_list("key", owner, "name"))
    best: dict[tuple[int, int], MergeSuggestion] = {}

    def consider(index: int, other: int, score: float) -> None:
        (_, first_id, first_name), (_, second_id, second_name) = keys[index], keys[other]
        if first_id == second_id:
            return
        if first_id > second_id:
            first_id, second_id, first_name, second_name = second_id, first_id, second_name, first_name
        pair = (first_id, second_id)
        if pair not in best or best[pair].score < score:
            best[pair] = MergeSuggestion(round(score, 1), entities[first_id], entities[second_id], first_name,
                                         second_name)  # fmt: skip

    for scorer, texts in (
        (fuzz.token_sort_ratio, [key for key, _, _ in keys]),
        (fuzz.ratio, [key.replace(" ", "") for key, _, _ in keys]),
    ):
        for index, text in enumerate(texts):  # rapidfuzz's native scorers: a few thousand names take seconds
            for _, score, other in process.extract(text, texts, scorer=scorer, score_cutoff=threshold, limit=None):
                if other > index:
                    consider(index, other, score)
    by_key = {key: index for index, (key, _, _) in enumerate(keys)}
    for index, (key, _, _) in enumerate(keys):
        words = key.split()
        initials = "".join(word[0] for word in words) if len(words) >= 3 else ""
        if initials in by_key:
            consider(index, by_key[initials], 100)
        for end in range(1, len(words)):  # "DNV" heads "DNV GL" and "DNV Singapore": one company's branches
            head = " ".join(words[:end])
            if len(head) >= 3 and head in by_key:
                consider(index, by_key[head], threshold)
    return sorted(best.values(), key=lambda s: (-s.score, s.first.name))[:limit]
