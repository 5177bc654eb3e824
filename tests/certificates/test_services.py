"""Holder and lab resolution: one entity per company, every printed name kept as an alias."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from certificates.models import Certificate, Holder, Lab, name_key
from certificates.services import holder_resolve, lab_resolve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SemaConnect", "SemaConnect Inc"),
        ("I-Charge Solutions International Co. Ltd.", "I-Charge Solutions International Co. Ltd"),
        ("EVAR", "EVAR Inc."),
        ("Dekra Certification Inc", "DEKRA Certification Inc."),
    ],
)
def test_names_that_differ_in_case_punctuation_or_legal_form_have_one_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


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


def test_search_reindex_rewrites_every_search_document() -> None:
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import make_certificates

    made = make_certificates(3)
    Certificate.objects.update(search_document="")
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert out.getvalue().strip() == "3 certificate(s) reindexed."
    assert Certificate.objects.get(pk=made[0].pk).search_document == (
        "oca 0016 9000 csms alpha charge 9 gmbh backend 0 synthetic test lab"
    )
