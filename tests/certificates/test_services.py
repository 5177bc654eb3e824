"""Holder and lab resolution: one entity per company, every printed name kept as an alias."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from pytest_django import DjangoCaptureOnCommitCallbacks

from certificates.domain.names import name_key
from certificates.entities import holder_resolve, lab_resolve
from certificates.models import Certificate, Holder, Lab

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


def test_profiles_passed_has_the_bit_of_each_profile_passed_and_no_other(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from certificates.domain.profiles import PROFILE_BITS, profiles_mask
    from ingest.services import document_create
    from tests.helpers import SEEDS

    with django_capture_on_commit_callbacks(execute=True):
        for path in sorted(SEEDS.glob("*.txt")):
            document_create(data=path.read_bytes(), filename=path.name)
    certificates = Certificate.objects.all()
    assert len(certificates) == 5
    for certificate in certificates:
        passed = [p.name for p in certificate.profiles.all() if p.result == "Pass"]
        assert passed, certificate.number
        assert certificate.profiles_passed == profiles_mask(passed)
        not_passed = {p.name for p in certificate.profiles.all()} - set(passed)
        assert not any(certificate.profiles_passed & PROFILE_BITS[name] for name in not_passed)


def test_profiles_refresh_follows_profile_rows_edited_by_hand() -> None:
    from certificates.domain.profiles import PROFILE_BITS
    from certificates.models import ProfileResult
    from certificates.services import certificate_profiles_refresh
    from tests.factories import make_certificates

    certificate = make_certificates(1)[0]
    assert certificate.profiles_passed == PROFILE_BITS["Core"]
    ProfileResult.objects.filter(certificate=certificate, name="Smart Charging").update(result="Pass")
    ProfileResult.objects.filter(certificate=certificate, name="Core").update(result="Fail")
    certificate_profiles_refresh(certificate=certificate)
    assert Certificate.objects.get(pk=certificate.pk).profiles_passed == PROFILE_BITS["Smart Charging"]


def test_the_migration_filled_the_bits_in_the_order_they_have_now() -> None:
    """The bits are stored: the backfill's order must stay the head of PROFILE_NAMES."""
    from importlib import import_module

    from certificates.domain.profiles import PROFILE_NAMES

    migration = import_module("certificates.migrations.0004_profiles_passed")
    assert list(PROFILE_NAMES)[: len(migration.PROFILES)] == migration.PROFILES
