"""Full-text search over certificates, shared by the API and the site.

Each certificate stores a search document: its number, its holder under every alias, product, software
version and lab under every alias (``search_document_of``). On PostgreSQL a trigger keeps a ``tsvector`` of it
(GIN-indexed), and a trigram index on the text serves typos. On SQLite the same document is matched word by
word with ``LIKE``, and typos are corrected against the words of the documents.

The writes that keep the documents in step are here too: ``certificate_search_text`` (the document of one
certificate), ``certificate_search_index`` and ``certificates_search_reindex``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, FloatField, Q, QuerySet, Value

from certificates.caching import registry_changed
from certificates.models import Certificate, HolderAlias, LabAlias
from certificates.pagination import MAX_RELEVANCE_RESULTS

# Words of a query: letters and digits; everything else separates them, as in the stored document.
_WORD = re.compile(r"[^\W_]+")
# A query is cut to this many words: longer ones are not searches but pasted text.
MAX_TERMS = 12
# How similar (trigram word similarity, 0-1) a misspelt word must be to a word of the document on PostgreSQL.
# pg_trgm's default, 0.6, misses one letter wrong in a short word: "betta" is 0.57 from "beta", "bakend"
# 0.5 from "backend". Each misspelt word must pass on its own, so a lower bar still finds few documents.
WORD_SIMILARITY = 0.5


def tune_connection(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """Set the typo tolerance (``WORD_SIMILARITY``) of a new PostgreSQL connection; others need nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(WORD_SIMILARITY)])


def words_of(text: str) -> list[str]:
    """Return every word of ``text``, lower-case, in order."""
    return [word.lower() for word in _WORD.findall(text)]


def terms_of(text: str) -> list[str]:
    """Return the words of a query: at most ``MAX_TERMS``, in order, without repeats."""
    return list(dict.fromkeys(words_of(text)))[:MAX_TERMS]


def search_document_of(*parts: str | Iterable[str]) -> str:
    """Return the search document of the given texts: their words, lower-case, once each, space-separated.

    Dots, slashes and dashes split words, so ``OCA.0016.0009.CSMS`` is found by ``0009`` as well.
    """
    texts: list[str] = []
    for part in parts:
        texts.extend([part] if isinstance(part, str) else part)
    return " ".join(dict.fromkeys(word for text in texts for word in words_of(text)))


def search(queryset: QuerySet[Certificate], text: str) -> QuerySet[Certificate]:
    """Return the certificates of ``queryset`` matching ``text``, annotated with a ``rank`` (higher is better).

    Every word must match the start of a word of the document ("meshcraft" finds "Meshcrafts"). When no
    certificate matches, the words no document has are forgiven their typos: on PostgreSQL each must be
    similar (trigram word similarity) to a word of the document, elsewhere it is corrected to the closest
    word of the documents; the other words still match as before. Runs one query (its EXISTS checks) on
    PostgreSQL, and one more for the best typo matches, none elsewhere, before returning the lazy queryset.
    """
    terms = terms_of(text)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, terms)
    return _search_words(queryset, terms)


def spellings(terms: list[str]) -> list[list[str]]:
    """Return, for each term, the word starts that match it: itself, and itself joined to the term before and
    to the term after, so that spaces and hyphens inside a name are forgiven ("sema connect" and "Sema-Connect"
    find SemaConnect: "connect" is matched by a word starting "semaconnect")."""
    return [list(dict.fromkeys(_joined(terms, i))) for i in range(len(terms))]


def _joined(terms: list[str], i: int) -> list[str]:
    """The term ``i`` alone, joined to the one before, and joined to the one after."""
    joined = [terms[i]]
    if i > 0:
        joined.append(terms[i - 1] + terms[i])
    if i + 1 < len(terms):
        joined.append(terms[i] + terms[i + 1])
    return joined


def _prefix_query(groups: list[list[str]]) -> SearchQuery:
    """Return the tsquery matching documents with, for each group, a word starting with one of its spellings."""
    text = " & ".join("(" + " | ".join(f"{word}:*" for word in group) + ")" for group in groups)
    return SearchQuery(text, search_type="raw", config="simple")


def _search_postgresql(queryset: QuerySet[Certificate], terms: list[str]) -> QuerySet[Certificate]:
    """Full-text search; when it finds nothing, each word no document has is matched by trigram similarity
    to a word of the document, and the other words still by full text."""
    groups = spellings(terms)
    each = _some_match(queryset, [_prefix_query([group]) for group in groups])
    known = [group for group, found in zip(groups, each, strict=True) if found]
    if len(known) == len(terms):  # nothing to forgive (the words may still not be found together)
        query = _prefix_query(groups)
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    unknown = [group[0] for group, found in zip(groups, each, strict=True) if not found]
    found = queryset.filter(search_vector=_prefix_query(known)) if known else queryset
    for term in unknown:
        found = found.filter(TrigramWordSimilar(F("search_document"), Value(term)))
    # Each misspelt word's similarity, and the whole query's: between equally close words ("kory" is as close
    # to "korea" as to "korry"), the document with the other words around it ("korry energy grid") wins.
    similarity = sum(
        (TrigramWordSimilarity(Value(term), "search_document") for term in unknown),
        TrigramWordSimilarity(Value(" ".join(terms)), "search_document"),
    )
    # A misspelt short word may be close to a common one ("kory" to "korea", in a third of the documents):
    # the most similar hits are kept, not the latest, or the one meant ("korry") may not be among those
    # ranked. Read here, so that the page does not compute every hit's similarity again.
    best = found.annotate(rank=similarity).order_by("-rank", "-pk").values_list("pk", flat=True)
    return queryset.filter(pk__in=list(best[: MAX_RELEVANCE_RESULTS + 1])).annotate(rank=similarity)


def _some_match(queryset: QuerySet[Certificate], queries: list[SearchQuery]) -> list[bool]:
    """Whether some certificate of ``queryset`` matches each of ``queries``: one statement, an EXISTS each."""
    parts, params = [], []
    for query in queries:
        sql, values = queryset.filter(search_vector=query).order_by().values("pk")[:1].query.sql_with_params()
        parts.append(f"EXISTS ({sql})")
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return [bool(found) for found in cursor.fetchone()]


def _search_words(queryset: QuerySet[Certificate], terms: list[str]) -> QuerySet[Certificate]:
    found = _containing(queryset, terms)
    if found.exists():
        return found.annotate(rank=Value(1.0, output_field=FloatField()))
    corrected = corrections(terms, _vocabulary(queryset))
    return _containing(queryset, corrected).annotate(rank=Value(0.5, output_field=FloatField()))


def _containing(queryset: QuerySet[Certificate], terms: list[str]) -> QuerySet[Certificate]:
    """Certificates whose document has a word starting with each term (or a spelling of it: ``spellings``)."""
    match = Q()
    for group in spellings(terms):
        either = Q()
        for word in group:
            either |= Q(search_document__startswith=word) | Q(search_document__contains=f" {word}")
        match &= either
    return queryset.filter(match)


def _vocabulary(queryset: QuerySet[Certificate]) -> set[str]:
    """Every word of the documents of ``queryset`` (the embedded default holds a few hundred)."""
    words: set[str] = set()
    for document in queryset.values_list("search_document", flat=True).iterator():
        words.update(document.split())
    return words


def corrections(terms: list[str], vocabulary: Iterable[str]) -> list[str]:
    """Return ``terms`` with each one that starts no word of ``vocabulary`` replaced by the closest word.

    A term with no close word is kept as it is (so the search still finds nothing).
    """
    words = sorted(set(vocabulary))
    corrected = []
    for term in terms:
        if any(word.startswith(term) for word in words):
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, words, n=1, cutoff=0.75)
        corrected.append(close[0] if close else term)
    return corrected


def did_you_mean(text: str, vocabulary: Iterable[str]) -> str | None:
    """Return ``text`` with its unknown words corrected, or None when nothing would change."""
    terms = terms_of(text)
    corrected = corrections(terms, vocabulary)
    return " ".join(corrected) if corrected != terms else None


def certificate_search_text(certificate: Certificate) -> str:
    """Return the search document of ``certificate`` as it stands, holder and lab aliases included (two queries)."""
    holder_names = HolderAlias.objects.filter(holder_id=certificate.holder_id).values_list("name", flat=True)
    lab_names = LabAlias.objects.filter(lab_id=certificate.lab_id).values_list("name", flat=True)
    return _document_of(certificate, list(holder_names), list(lab_names) if certificate.lab_id else [])


def _document_of(certificate: Certificate, holder_names: list[str], lab_names: list[str]) -> str:
    """Return the search document of ``certificate`` given its holder's and lab's alias names."""
    return search_document_of(
        certificate.number,
        certificate.holder.name,
        holder_names,
        certificate.holder_name,
        certificate.product_designation,
        certificate.software_version,
        certificate.lab.name if certificate.lab else "",
        lab_names,
        certificate.test_lab_name,
    )


def certificate_search_index(*, certificate: Certificate) -> None:
    """Store the search document of ``certificate`` (after a hand edit); touches only that column."""
    certificate.search_document = certificate_search_text(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(search_document=certificate.search_document)
    registry_changed()


def certificates_search_reindex(*, queryset: QuerySet[Certificate] | None = None, batch_size: int = 2000) -> int:
    """Rewrite the search document of every certificate of ``queryset`` (all by default); return how many.

    Run after holders or labs gain, lose or merge aliases. Aliases are read once, certificates in batches.
    """
    holder_aliases = _aliases(HolderAlias, "holder_id")
    lab_aliases = _aliases(LabAlias, "lab_id")
    certificates = (queryset if queryset is not None else Certificate.objects.all()).select_related("holder", "lab")
    batch: list[Certificate] = []
    count = 0
    for certificate in certificates.order_by("pk").iterator(chunk_size=batch_size):
        certificate.search_document = _document_of(
            certificate, holder_aliases.get(certificate.holder_id, []), lab_aliases.get(certificate.lab_id or 0, [])
        )
        batch.append(certificate)
        if len(batch) == batch_size:
            count += _save_documents(batch)
    return count + _save_documents(batch)


def _aliases(model: type[Any], owner: str) -> dict[int, list[str]]:
    """Return every alias name by owner id."""
    names: dict[int, list[str]] = {}
    for owner_id, name in model.objects.values_list(owner, "name").iterator():
        names.setdefault(owner_id, []).append(name)
    return names


def _save_documents(batch: list[Certificate]) -> int:
    """Write the search documents of ``batch`` in one statement, empty it, and return how many it held."""
    count = len(batch)
    with transaction.atomic():
        Certificate.objects.bulk_update(batch, ["search_document"])
    registry_changed()
    batch.clear()
    return count
