"""Sharing's URLs, tried by the owner, the recipient, a third doctor, anonymous and staff.

Doctor A shares a document and a folder (with one document in it) with doctor B, and keeps a
third document to themselves. B may download exactly what is shared, through the vault's one
download URL, and nothing else: every other URL of A's documents and shares (edit, trash,
share, revoke, the API) answers B 404 as if the id were missing. Doctor C gets 404 everywhere.
Anonymous visitors are sent to the login page and staff (no roll entry) to the claim page,
before any lookup; staff see a share's metadata in the admin, never its message. Once the
share expires or is revoked, B's download answers 404 too.
"""

import datetime
import json
import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import PDF, Person, _doctor, snapshot
from tests.factories import stored_document
from vault import services, sharing, versions
from vault.models import AccessAction, AccessLogEntry, Share

pytestmark = pytest.mark.django_db

SECRET_MESSAGE = "Patient vu hier, votre avis sur le tracé ?"


@pytest.fixture
def shared(people) -> dict[str, Any]:
    a, b = people["medecin_a"], people["medecin_b"]
    ctx = services.AccessContext(actor=a.user, ip="127.0.0.1")
    document = a.objects["document"]
    folder = services.folder_create(owner=a.user, name="Téléexpertise")
    in_folder = stored_document(a.user, file_name="ecg-en-dossier.pdf", content=PDF, folder=folder)
    private = stored_document(a.user, file_name="contrat-prive.pdf", content=PDF)
    share = sharing.share_create(
        owner=a.user, rpps=b.user.doctor.rpps, document=document, ctx=ctx,
        message=SECRET_MESSAGE,
    )  # fmt: skip
    folder_share = sharing.share_create(
        owner=a.user, rpps=b.user.doctor.rpps, folder=folder, ctx=ctx
    )
    return {
        "document": document,
        "folder": folder,
        "in_folder": in_folder,
        "private": private,
        "share": share,
        "folder_share": folder_share,
    }


@pytest.fixture
def third(db) -> Person:
    return _doctor("c", "medecin.c@exemple.test")


def download(doc: Any) -> str:
    return reverse("vault:download", args=[doc.pk])


def owner_only_attempts(shared: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(channel, method, url, data) of every URL only the owner may use."""
    doc, folder = shared["document"], shared["folder"]
    api = f"/api/v1/vault/documents/{doc.pk}/"
    share_form = {"rpps": "", "expires_on": "", "message": ""}
    return [
        ("web", "get", reverse("vault:document", args=[doc.pk]), {}),
        ("web", "post", reverse("vault:document", args=[doc.pk]), {"display_name": "pris.pdf"}),
        ("web", "post", reverse("vault:trash_document", args=[doc.pk]), {}),
        ("web", "get", reverse("vault:share_document", args=[doc.pk]), {}),
        ("web", "post", reverse("vault:share_document", args=[doc.pk]), share_form),
        ("web", "get", reverse("vault:share_folder", args=[folder.pk]), {}),
        ("web", "post", reverse("vault:share_folder", args=[folder.pk]), share_form),
        ("web", "post", reverse("vault:share_revoke", args=[shared["share"].pk]), {}),
        ("web", "post", reverse("vault:share_revoke", args=[shared["folder_share"].pk]), {}),
        ("web", "get", download(shared["private"]), {}),
        ("web", "get", f"{reverse('vault:index')}?dossier={folder.pk}", {}),
        # The API stays the owner's: a share opens the web download only.
        ("api", "get", api, {}),
        ("api", "get", f"{api}content", {}),
        ("api", "patch", api, {"name": "pris.pdf"}),
        ("api", "delete", api, {}),
        ("api", "get", f"/api/v1/vault/documents/{shared['in_folder'].pk}/content", {}),
    ]


def send(person: Person, channel: str, method: str, url: str, data: dict[str, Any]) -> Any:
    if channel == "api":
        if data:
            return getattr(person.api, method)(
                url, json.dumps(data), content_type="application/json"
            )
        return getattr(person.api, method)(url)
    return getattr(person.web, method)(url, data)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def state() -> dict[str, object]:
    return {
        **snapshot(),
        "shares": sorted(Share.objects.values_list("pk", "recipient_id", "ended_at", "message")),
    }


def test_the_owner_and_the_recipient_download_what_is_shared(people, shared):
    a, b = people["medecin_a"], people["medecin_b"]
    for doc in (shared["document"], shared["in_folder"]):
        for person in (a, b):
            response = person.web.get(download(doc))
            assert response.status_code == 200, (person.label, doc.display_name)
            assert body(response) == PDF
            assert response["Content-Disposition"].startswith("attachment")
            assert (
                response["Cache-Control"].startswith("no-store")
                or "no-store" in response["Cache-Control"]
            )
    assert a.web.get(download(shared["private"])).status_code == 200
    # Each of B's downloads is in A's journal (by B, through the share) and in B's own.
    by_b = AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD, actor=b.user)
    assert sorted(by_b.filter(owner=a.user).values_list("document_name", "via")) == [
        ("diplome-a.pdf", "partage"),
        ("ecg-en-dossier.pdf", "partage"),
    ]
    by = a.user.doctor.display_name
    assert sorted(by_b.filter(owner=b.user).values_list("document_name", flat=True)) == [
        f"diplome-a.pdf (partagé par le {by})",
        f"ecg-en-dossier.pdf (partagé par le {by})",
    ]


def test_every_owner_only_url_answers_the_recipient_and_a_third_doctor_404(
    people, shared, third, caplog
):
    before, log_before = state(), AccessLogEntry.objects.count()
    urls = [download(shared["document"]), download(shared["in_folder"])]
    for intruder in (people["medecin_b"], third):
        attempts = owner_only_attempts(shared)
        if intruder is third:
            attempts += [("web", "get", url, {}) for url in urls]
        for channel, method, url, data in attempts:
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                response = send(intruder, channel, method, url, data)
            where = f"{intruder.label} → {method.upper()} {url}"
            assert response.status_code == 404, where
            assert b"%PDF" not in body(response), where
            assert any(r.name == "portal.access" and str(intruder.user.pk) in r.getMessage()
                       for r in caplog.records), where  # fmt: skip
    assert state() == before
    # A refused lookup writes nothing in anybody's journal.
    assert AccessLogEntry.objects.count() == log_before


def test_anonymous_and_staff_are_turned_away_before_any_lookup(people, shared):
    anonymous, staff = Client(), people["staff"]
    attempts = [
        (m, url, d) for channel, m, url, d in owner_only_attempts(shared) if channel == "web"
    ]
    attempts += [
        ("get", download(shared["document"]), {}),
        ("get", download(shared["in_folder"]), {}),
    ]
    attempts += [("get", reverse("vault:shared_with_me"), {}), ("get", reverse("vault:shares"), {})]
    before = state()
    for method, url, data in attempts:
        response = getattr(anonymous, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
        response = getattr(staff.web, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("claim_start"), url
    for channel, method, url, data in owner_only_attempts(shared):
        if channel == "api":
            assert send(staff, channel, method, url, data).status_code == 403, url
            assert getattr(anonymous, method)(url).status_code in (401, 403), url
    assert state() == before


def test_lists_show_each_person_only_their_side(people, shared, third):
    a, b = people["medecin_a"], people["medecin_b"]
    received = b.web.get(reverse("vault:shared_with_me")).content.decode()
    for name in ("diplome-a.pdf", "ecg-en-dossier.pdf", "Téléexpertise", SECRET_MESSAGE):
        assert name in received, name
    assert "contrat-prive.pdf" not in received
    assert a.user.email not in received  # the owner is named as the directory names them
    assert a.user.doctor.display_name in received
    given = a.web.get(reverse("vault:shares")).content.decode()
    assert b.user.doctor.display_name in given
    assert b.user.email not in given
    for person in (third, a):
        page = person.web.get(reverse("vault:shared_with_me")).content.decode()
        assert "Aucun document n’est partagé avec vous" in page, person.label
    for person in (third, b):
        page = person.web.get(reverse("vault:shares")).content.decode()
        assert "diplome-a.pdf" not in page, person.label
        assert "Vous n’avez encore rien partagé" in page, person.label
    # The third doctor's own vault pages show nothing of the share either.
    for url in (reverse("vault:index"), reverse("vault:journal")):
        page = third.web.get(url).content.decode()
        assert "diplome-a.pdf" not in page, url
        assert "Téléexpertise" not in page, url


def test_staff_see_the_share_in_admin_without_its_message(people, shared, staff_client):
    url = reverse("admin:vault_share_change", args=[shared["share"].pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET_MESSAGE not in page
    assert people["medecin_b"].user.email in page
    # Staff without the permission, and doctors, are refused.
    for key in ("staff", "medecin_a", "medecin_b"):
        assert people[key].web.get(url, follow=True).status_code == 403, key
    # Nothing in the admin leads to the content: no download, no storage name.
    assert shared["document"].storage_name not in page
    assert reverse("vault:download", args=[shared["document"].pk]) not in page


def test_after_expiry_or_revocation_the_recipient_gets_404(people, shared, caplog):
    a, b = people["medecin_a"], people["medecin_b"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Share.objects.filter(pk=shared["folder_share"].pk).update(expires_on=yesterday)
    assert b.web.get(download(shared["in_folder"])).status_code == 404
    assert b.web.get(download(shared["document"])).status_code == 200
    response = a.web.post(reverse("vault:share_revoke", args=[shared["share"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("vault:shares")
    with caplog.at_level(logging.WARNING):
        assert b.web.get(download(shared["document"])).status_code == 404
    assert any(r.name == "portal.access" for r in caplog.records)
    assert (
        "Aucun document n’est partagé avec vous"
        in b.web.get(reverse("vault:shared_with_me")).content.decode()
    )
    # The owner still reads it; the journals keep the share's end on both sides.
    assert a.web.get(download(shared["document"])).status_code == 200
    for user in (a.user, b.user):
        assert AccessLogEntry.objects.filter(owner=user, action=AccessAction.SHARE_END).count() == 1


def test_after_a_new_version_the_recipient_reads_the_current_one_only(people, shared, caplog):
    a, b = people["medecin_a"], people["medecin_b"]
    ctx = services.AccessContext(actor=a.user, ip="127.0.0.1")
    new_content = PDF.replace(b"%%EOF", b"% v2\n%%EOF")
    current = {}
    for key in ("document", "in_folder"):
        old = shared[key]
        new = stored_document(a.user, file_name="v2.pdf", content=new_content, folder=old.folder)
        current[key] = versions.version_add(document=new, existing=old, ctx=ctx)
    shared["share"].refresh_from_db()
    assert shared["share"].document_id == current["document"].pk
    for key, doc in current.items():
        response = b.web.get(download(doc))
        assert response.status_code == 200, key
        assert body(response) == new_content
    # The earlier versions' ids, and every version URL, answer B 404 as if missing.
    old_doc = shared["document"]
    urls = [
        ("get", download(old_doc)),
        ("get", download(shared["in_folder"])),
        ("get", reverse("vault:version_download", args=[current["document"].pk, old_doc.pk])),
        ("post", reverse("vault:version_restore", args=[current["document"].pk, old_doc.pk])),
        ("post", reverse("vault:version_delete", args=[current["document"].pk, old_doc.pk])),
    ]
    before = state()
    for method, url in urls:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            response = getattr(b.web, method)(url)
        assert response.status_code == 404, url
        assert any(r.name == "portal.access" for r in caplog.records), url
    assert state() == before
    # Revoking the moved share closes the current version to B.
    assert a.web.post(reverse("vault:share_revoke", args=[shared["share"].pk])).status_code == 302
    assert b.web.get(download(current["document"])).status_code == 404
