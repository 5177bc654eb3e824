"""The registry's admin actions and pages that write need the model permissions of what they write, not only
staff status: publishing needs change on certificates, merging change and delete on holders or labs,
reverting a rename change on renames."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate, Holder, HolderRename
from tests.factories import make_certificate, make_holder

pytestmark = pytest.mark.django_db


def staff_client(*codenames: str) -> Client:
    """A client signed in as a staff user holding only the ``certificates`` permissions ``codenames``."""
    User.objects.filter(username="staff-member").delete()
    user = User.objects.create_user("staff-member", is_staff=True)
    perms = Permission.objects.filter(content_type__app_label="certificates", codename__in=codenames)
    user.user_permissions.add(*perms)
    client = Client()
    client.force_login(user)
    return client


def act(client: Client, model: str, action: str, *pks: int) -> None:
    client.post(reverse(f"admin:certificates_{model}_changelist"), {"action": action, "_selected_action": pks})


def test_unpublishing_needs_the_change_permission() -> None:
    certificate = make_certificate()
    act(staff_client("view_certificate"), "certificate", "unpublish", certificate.pk)
    assert Certificate.objects.get().is_published
    act(staff_client("view_certificate", "change_certificate"), "certificate", "unpublish", certificate.pk)
    assert not Certificate.objects.get().is_published


def test_merging_holders_needs_the_change_and_delete_permissions() -> None:
    kept, merged = make_holder(name="Alpha GmbH"), make_holder(name="Alpha Gmbh.")
    act(staff_client("view_holder", "change_holder"), "holder", "merge", kept.pk, merged.pk)
    assert Holder.objects.count() == 2
    act(staff_client("view_holder", "change_holder", "delete_holder"), "holder", "merge", kept.pk, merged.pk)
    assert list(Holder.objects.all()) == [kept]


def test_a_merge_from_the_suggestions_needs_the_delete_permission() -> None:
    kept, merged = make_holder(name="Alpha GmbH"), make_holder(name="Alpha Gmbh.")
    url = reverse("admin:certificates_holder_suggestions")
    editor = staff_client("view_holder", "change_holder")
    page = editor.get(url)
    assert page.status_code == 200 and "Alpha Gmbh." in page.content.decode()
    assert "Merge</button>" not in page.content.decode()  # no button that would answer 403
    assert "which your account does not have" in page.content.decode()
    assert editor.post(url, {"into": kept.pk, "source": merged.pk}).status_code == 403
    assert Holder.objects.count() == 2
    allowed = staff_client("view_holder", "change_holder", "delete_holder")
    assert "Merge</button>" in allowed.get(url).content.decode()
    assert allowed.post(url, {"into": kept.pk, "source": merged.pk}).status_code == 302
    assert list(Holder.objects.all()) == [kept]


def test_reverting_a_rename_needs_the_change_permission() -> None:
    holder = make_holder(name="Current Eco AS")
    link = HolderRename.objects.create(number="OCA.1", listed_name="Current Eco AS", printed_name="Meshcrafts AS",
                                       holder=holder)  # fmt: skip
    act(staff_client("view_holderrename"), "holderrename", "revert", link.pk)
    assert not HolderRename.objects.get().reverted
    act(staff_client("view_holderrename", "change_holderrename"), "holderrename", "revert", link.pk)
    assert HolderRename.objects.get().reverted
