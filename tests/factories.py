"""Rows made directly in the database: small factories with keyword defaults, and many certificates at once.

Each ``make_*`` function takes the model's fields as keywords and fills in the ones not given
(``kwargs.setdefault``); names default to fixed values, so a test that needs two holders or labs names them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from certificates.domain.names import name_key
from certificates.domain.profiles import PROFILE_BITS
from certificates.models import Certificate, Holder, HolderAlias, Lab, LabAlias, ProfileResult
from certificates.search import certificates_search_reindex


def make_holder(**kwargs: Any) -> Holder:
    """Create a holder with its name as its one alias, as holder resolution records a new name."""
    kwargs.setdefault("name", "Synthetic Holder GmbH")
    holder = Holder.objects.create(**kwargs)
    HolderAlias.objects.create(holder=holder, name=holder.name, key=name_key(holder.name))
    return holder


def make_lab(**kwargs: Any) -> Lab:
    """Create a lab with its name as its one alias, as lab resolution records a new name."""
    kwargs.setdefault("name", "Synthetic Test Lab")
    lab = Lab.objects.create(**kwargs)
    LabAlias.objects.create(lab=lab, name=lab.name, key=name_key(lab.name))
    return lab


def new_certificate(**kwargs: Any) -> Certificate:
    """Return an unsaved, published OCPP 1.6 CSMS certificate of type Core; ``holder`` is required.

    The printed holder and lab names default to the names of ``holder`` and ``lab``.
    """
    kwargs.setdefault("number", "OCA.0016.9000.CSMS")
    kwargs.setdefault("ocpp_version", "1.6")
    kwargs.setdefault("product_type", "CSMS")
    kwargs.setdefault("certificate_type", "Core")
    kwargs.setdefault("holder_name", kwargs["holder"].name)
    if kwargs.get("lab") is not None:
        kwargs.setdefault("test_lab_name", kwargs["lab"].name)
    return Certificate(**kwargs)


def make_certificate(**kwargs: Any) -> Certificate:
    """Create a certificate with ``new_certificate``'s defaults and a new holder unless one is given.

    No profile rows and no search document: a test that searches for it reindexes it.
    """
    if "holder" not in kwargs:
        kwargs["holder"] = make_holder()
    certificate = new_certificate(**kwargs)
    certificate.save(force_insert=True)
    return certificate


def make_certificates(count: int, *, prefix: str = "9") -> list[Certificate]:
    """Create ``count`` published CSMS certificates of two holders and one lab, with two profiles each.

    Numbers are ``OCA.0016.{prefix}NNN.CSMS``; dates go back a day per certificate from 2024-06-30. The rows are
    inserted in bulk (no signals), then reindexed for search.
    """
    lab = make_lab()
    holders = [make_holder(name=name) for name in (f"Alpha Charge {prefix} GmbH", f"Beta Energy {prefix} B.V.")]
    certificates = Certificate.objects.bulk_create(
        new_certificate(
            number=f"OCA.0016.{prefix}{n:03d}.CSMS",
            holder=holders[n % 2],
            product_designation=f"Backend {n}",
            software_version=f"{n}.0",
            certification_date=date(2024, 6, 30) - timedelta(days=n),
            lab=lab,
            profiles_passed=PROFILE_BITS["Core"],
        )
        for n in range(count)
    )
    ProfileResult.objects.bulk_create(
        ProfileResult(certificate=certificate, position=position, name=name, result=result)
        for certificate in certificates
        for position, (name, result) in enumerate((("Core", "Pass"), ("Smart Charging", "Not Tested")))
    )
    certificates_search_reindex(queryset=Certificate.objects.filter(pk__in=[c.pk for c in certificates]))
    return certificates
