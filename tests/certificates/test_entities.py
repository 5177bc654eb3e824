"""Holders and labs (certificates.entities): one entity per company, every printed name kept as an alias;
resolution under concurrency; merge suggestions for alike names, and merges from the admin."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client

from certificates.entities import holder_resolve, lab_resolve, merge_suggestions
from certificates.models import Holder, Lab

pytestmark = pytest.mark.django_db


def test_it_resolves_every_printed_name_of_a_holder_to_one_holder() -> None:
    first = holder_resolve(name="SemaConnect")
    second = holder_resolve(name="SemaConnect Inc")
    assert first == second
    assert Holder.objects.count() == 1
    assert sorted(first.aliases.values_list("name", flat=True)) == ["SemaConnect", "SemaConnect Inc"]


def test_it_keeps_different_labs_apart() -> None:
    assert lab_resolve(name="Korea Smart Grid Association") != lab_resolve(name="DNV GL")
    assert Lab.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_resolutions_of_a_new_name_give_one_holder() -> None:
    barrier = threading.Barrier(6)

    def resolve() -> int:
        try:
            barrier.wait()
            return holder_resolve(name="Brand New Charging Co., Ltd.").pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        pks = set(pool.map(lambda _: resolve(), range(6)))
    assert len(pks) == 1
    assert Holder.objects.count() == 1


def test_the_admin_suggests_merging_holders_with_alike_names_and_merges_them(admin_client: Client) -> None:
    starcharge = holder_resolve(name="Starcharge Energy Pte. Ltd.")
    spaced = holder_resolve(name="Star Charge Energy")
    unrelated = holder_resolve(name="Tardis Technology")
    page = admin_client.get("/admin/certificates/holder/suggestions/")
    suggestions = page.context["suggestions"]
    assert [(s.first, s.second) for s in suggestions] == [(starcharge, spaced)]
    assert suggestions[0].score >= 90
    assert unrelated not in {s.first for s in suggestions} | {s.second for s in suggestions}
    response = admin_client.post(
        "/admin/certificates/holder/suggestions/", {"into": starcharge.pk, "source": spaced.pk}
    )
    assert response.status_code == 302
    assert holder_resolve(name="Star Charge Energy") == starcharge
    assert not Holder.objects.filter(pk=spaced.pk).exists()
    assert Client().get("/admin/certificates/holder/suggestions/").status_code == 302  # staff only


def test_lab_names_of_one_lab_are_suggested_for_merging(admin_client: Client) -> None:
    names = ["DNV GL", "DNV", "Korea Smart Grid Association", "KSGA", "DNV Singapore Pte. Ltd.", "TÜV Rheinland"]
    labs = {name: lab_resolve(name=name) for name in names}
    assert lab_resolve(name="DNV Singapore Ptd. Ltd.") == labs["DNV Singapore Pte. Ltd."]  # a typo of the form
    assert lab_resolve(name="DEKRA Certification Inc.") == lab_resolve(name="Dekra Certification Inc")
    suggestions = merge_suggestions(Lab)
    pairs = {(s.first_name, s.second_name) for s in suggestions}
    assert ("Korea Smart Grid Association", "KSGA") in pairs
    linked = {frozenset((s.first, s.second)) for s in suggestions}
    dnv, dnv_gl, singapore = labs["DNV"], labs["DNV GL"], labs["DNV Singapore Pte. Ltd."]
    assert {frozenset((dnv, dnv_gl)), frozenset((dnv, singapore))} <= linked
    page = admin_client.get("/admin/certificates/lab/suggestions/")
    assert page.status_code == 200 and b"KSGA" in page.content
    admin_client.post(
        "/admin/certificates/lab/suggestions/",
        {"into": labs["KSGA"].pk, "source": labs["Korea Smart Grid Association"].pk},
    )
    assert lab_resolve(name="Korea Smart Grid Association") == labs["KSGA"]
    assert "TÜV Rheinland" not in {name for pair in pairs for name in pair}
