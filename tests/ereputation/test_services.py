"""Kept analyses are vault objects: verified, rotated and cleaned up with the rest."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ereputation.export import analyses_for_export
from ereputation.services import kept_analysis_keep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _keep(user, text="Un vrai escroc."):
    return kept_analysis_keep(
        owner=user,
        text=text,
        platform="google",
        published_on=datetime.date(2027, 1, 10),
        url="",
        categories=("diffamation",),
    )


def test_vault_verify_checks_a_kept_analysis_and_reports_it_tampered(vault_root):
    row = _keep(UserFactory.create(with_doctor=True))
    out = StringIO()
    call_command("vault_verify", stdout=out)
    assert "Checked 1 document(s), 0 failure(s)." in out.getvalue()
    path = vault_root / row.storage_name
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="1 document"):
        call_command("vault_verify", stdout=StringIO(), stderr=StringIO())


def test_export_holds_only_the_users_own_analyses():
    mine, theirs = UserFactory.create(with_doctor=True), UserFactory.create(with_doctor=True)
    _keep(mine, "Le mien.")
    _keep(theirs, "Le sien.")
    exported = analyses_for_export(mine)
    assert [item["text"] for item in exported] == ["Le mien."]
    assert exported[0]["published_on"] == "2027-01-10"
    assert exported[0]["format"] == "ordre-e-reputation/1"
    assert analyses_for_export(UserFactory.create()) == []


def test_a_row_moved_to_another_owner_does_not_decrypt():
    from ereputation.models import KeptAnalysis
    from vault.streams import IntegrityFailure

    row = _keep(UserFactory.create(with_doctor=True))
    other = UserFactory.create(with_doctor=True)
    KeptAnalysis.objects.filter(pk=row.pk).update(owner=other)
    with pytest.raises(IntegrityFailure):
        analyses_for_export(other)
