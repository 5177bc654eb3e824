"""Holders and labs as companies: which entity a printed name belongs to, merging two entities into one,
linking and unlinking a holder's renamed name, and suggesting which entities are probably one company.

A name resolves through the aliases (the names an entity was printed under, exactly, then by key), so a merge
or a rename link made once is respected by every later parse and listing import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from rapidfuzz import fuzz, process

from certificates.caching import registry_changed
from certificates.choices import CertificateSource
from certificates.domain.names import former_name, name_key
from certificates.models import Certificate, Holder, HolderAlias, HolderRename, Lab, LabAlias
from certificates.search import certificates_search_reindex


def holder_resolve(*, name: str) -> Holder:
    """Return the holder printed as ``name``: by that exact alias, else by its key, else a new holder.

    Records ``name`` as an alias of the holder it resolves to.
    """
    return _resolve(HolderAlias, "holder", Holder, name)


def lab_resolve(*, name: str) -> Lab:
    """Return the lab printed as ``name`` (see ``holder_resolve``); records the alias."""
    return _resolve(LabAlias, "lab", Lab, name)


def _resolve(alias_model: type[Any], owner: str, entity_model: type[Any], name: str) -> Any:
    """Return the entity an alias of ``name`` (or of its key) belongs to, creating both when none does.

    Safe under concurrency: when another transaction records the same name first, its entity is used.
    """
    aliases = alias_model.objects.select_related(owner)
    alias = aliases.filter(name=name).first()
    if alias is not None:
        return getattr(alias, owner)
    key = name_key(name)
    match = aliases.filter(key=key).first()
    try:
        with transaction.atomic():  # a savepoint: a lost race rolls back the entity made for it too
            entity = getattr(match, owner) if match is not None else entity_model.objects.create(name=name)
            alias_model.objects.create(name=name, key=key, **{owner: entity})
    except IntegrityError:
        return getattr(aliases.get(name=name), owner)
    if match is not None:  # a known entity under a new name: its certificates become findable by it
        certificates_search_reindex(queryset=entity.certificates.all())
    return entity


def holder_alias_former_name(*, holder: Holder, name: str) -> None:
    """Record the former name a listed name gives ("… (Formerly CS Technology)") as an alias of ``holder``,
    unless that name already belongs to a holder."""
    former = former_name(name)[:255]
    if former and not HolderAlias.objects.filter(name=former).exists():
        HolderAlias.objects.create(name=former, key=name_key(former), holder=holder)


@transaction.atomic
def holder_rename_link(*, certificate: Certificate, listed_name: str) -> HolderRename | None:
    """Make the listing's name of ``certificate``'s holder an alias of that holder, merging the holder the name
    already belongs to. Return the link, or None when the link was reverted before (it is not made again).

    The canonical name becomes the listing's (OCA lists current names). Touches holders, aliases, certificates
    (moved to the kept holder) and their search index.
    """
    link, _ = HolderRename.objects.get_or_create(
        number=certificate.number,
        listed_name=listed_name[:255],
        defaults={"printed_name": certificate.holder_name[:255], "holder": certificate.holder},
    )
    if link.reverted:
        return None
    kept = certificate.holder
    listed = HolderAlias.objects.filter(name=listed_name).select_related("holder").first()
    if listed is None:
        listed = HolderAlias.objects.filter(key=name_key(listed_name)).select_related("holder").first()
    if listed is not None and listed.holder_id != kept.pk:
        holder_merge(source=listed.holder, into=kept)
    if not HolderAlias.objects.filter(name=listed_name).exists():
        HolderAlias.objects.create(name=listed_name[:255], key=name_key(listed_name), holder=kept)
    changed = kept.name != listed_name or link.holder_id != kept.pk
    if changed:
        Holder.objects.filter(pk=kept.pk).update(name=listed_name[:255])
        HolderRename.objects.filter(pk=link.pk).update(holder=kept)
        certificates_search_reindex(queryset=kept.certificates.all())
        registry_changed()
    return link


@transaction.atomic
def entity_merge(*, source: Holder | Lab, into: Holder | Lab) -> Holder | Lab:
    """Move every certificate and alias (and, for holders, rename link) of ``source`` to ``into``, delete
    ``source``; return ``into``. Both must be holders, or both labs.

    Later imports respect the merge: names resolve through the aliases, which now all belong to ``into``.
    """
    if type(source) is not type(into):
        raise TypeError("only two holders or two labs can be merged")
    if source.pk == into.pk:
        return into
    owner = "holder" if isinstance(into, Holder) else "lab"
    Certificate.objects.filter(**{owner: source}).update(**{owner: into})
    (HolderAlias if owner == "holder" else LabAlias).objects.filter(**{owner: source}).update(**{owner: into})
    if owner == "holder":
        HolderRename.objects.filter(holder_id=source.pk).update(holder_id=into.pk)
    source.delete()
    certificates_search_reindex(queryset=into.certificates.all())
    registry_changed()
    return into


def holder_merge(*, source: Holder, into: Holder) -> Holder:
    """Merge the holder ``source`` into ``into`` (see ``entity_merge``); return ``into``."""
    merged = entity_merge(source=source, into=into)
    assert isinstance(merged, Holder)
    return merged


@transaction.atomic
def holder_rename_revert(*, link: HolderRename) -> Holder:
    """Undo a rename link: the listing's name gets a holder of its own again, with the certificates the listing
    alone names under it; the link is kept, reverted, so no later import makes it again. Return that holder."""
    kept = link.holder
    separate = Holder.objects.create(name=link.listed_name)
    HolderAlias.objects.filter(name=link.listed_name, holder=kept).update(holder=separate)
    moved: QuerySet[Certificate] = Certificate.objects.filter(
        holder=kept, source=CertificateSource.LISTING, holder_name=link.listed_name
    )
    moved.update(holder=separate)
    if kept.name == link.listed_name:
        Holder.objects.filter(pk=kept.pk).update(name=link.printed_name)
    link.reverted = True
    link.save(update_fields=["reverted", "updated_at"])
    certificates_search_reindex(queryset=Certificate.objects.filter(holder__in=[kept, separate]))
    registry_changed()
    return separate


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
