"""The site's natural search: words of ``q`` that name a filter become that filter's parameter.

"SemaConnect smart charging 1.6" is answered with a redirect to ``?q=SemaConnect&profile=Smart+Charging&
ocpp_version=1.6``, so the filters show as chips that can be removed and the URL says what was searched. The
reading itself is pure (``certificates.domain.query``); this module gives it the labs' names and builds the URL.
The API searches ``q`` literally.
"""

from __future__ import annotations

from django.http import QueryDict

from certificates.domain.query import lab_short_names, read_query
from certificates.models import Lab, LabAlias

# Longer text is refused by the filter set (``q`` takes at most 200 characters): it is not read here.
_LONGEST = 200
# The single-valued filters a word may set; one already given is kept, and its words stay in the text.
_SINGLE = ("ocpp_version", "product_type", "lab")


def lab_names() -> dict[str, int]:
    """Every name a lab is known under (its name, each alias and its short names: ``lab_short_names``), with
    the lab's id (two queries)."""
    names = dict(LabAlias.objects.values_list("name", "lab_id"))
    names.update(Lab.objects.values_list("name", "pk"))
    return lab_short_names(names)


def query_with_filters_read(query: QueryDict) -> QueryDict | None:
    """Return ``query`` with the filters its ``q`` names moved into their parameters (and the page reset), or
    None when ``q`` names none (or is absent, repeated or too long). Reads the labs' names (two queries)."""
    texts = query.getlist("q")
    if len(texts) != 1 or not texts[0].strip() or len(texts[0]) > _LONGEST:
        return None
    taken = frozenset(name for name in _SINGLE if any(query.getlist(name)))
    read = read_query(texts[0], lab_names(), taken)
    if not read.has_filters:
        return None
    moved = query.copy()
    for name in ("cursor", "page", "q"):
        moved.pop(name, None)
    if read.text:
        moved["q"] = read.text
    profiles = [*moved.getlist("profile"), *(p for p in read.profiles if p not in moved.getlist("profile"))]
    moved.setlist("profile", profiles)
    for name, value in (("ocpp_version", read.ocpp_version), ("product_type", read.product_type)):
        if value:
            moved[name] = value
    if read.lab is not None:
        moved["lab"] = str(read.lab)
    if not read.text and moved.get("ordering") == "relevance":
        moved.pop("ordering")
    return moved
