"""The vault's version, offer and journal URLs, tried by every other account: nothing crosses.

Doctor A's document has an earlier version, and A has a same-name document waiting for the
version offer. Doctor B gets 404 on each of A's URLs (web and API), logged on `portal.access`;
the student and the staff member have no vault and are turned away at the gate before any
lookup (a redirect to the claim page on the web, 403 on the API). A's own requests work. The
database and A's journal are the same before and after; B's journal never shows A's accesses.
"""

import logging

import pytest
from django.urls import reverse

from tests.api.conftest import PDF, Person, snapshot
from tests.api.test_access_matrix import Attempt, logged, send
from tests.factories import stored_document
from vault import versions
from vault.models import AccessLogEntry, Document
from vault.services import AccessContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def versioned(people):
    """A's document with one earlier version, and a same-name upload waiting for the offer."""
    a = people["medecin_a"]
    ctx = AccessContext(actor=a.user)
    document = a.objects["document"]
    new = stored_document(
        a.user, file_name=document.display_name, content=PDF + b"v2", folder=document.folder
    )
    current = versions.version_add(document=new, existing=document, ctx=ctx)
    pending = stored_document(
        a.user, file_name=current.display_name, content=PDF + b"v3", folder=current.folder
    )
    return current, document, pending


def attempts(current: Document, old: Document, pending: Document) -> list[Attempt]:
    page = f"/espace/coffre/documents/{current.pk}/"
    version = f"{page}versions/{old.pk}/"
    api = f"/api/v1/vault/documents/{current.pk}/versions/"
    return [
        Attempt("web", "get", f"/espace/coffre/documents/{old.pk}/", pk=old.pk),
        Attempt("web", "get", f"{version}telecharger/", pk=current.pk),
        Attempt("web", "post", f"{version}retablir/", pk=current.pk),
        Attempt("web", "post", f"{version}supprimer/", pk=current.pk),
        Attempt(
            "web",
            "post",
            reverse("vault:version_accept", args=[pending.pk, current.pk]),
            pk=pending.pk,
        ),
        Attempt("web", "post", reverse("vault:keep_apart", args=[pending.pk]), pk=pending.pk),
        Attempt(
            "web", "post", "/espace/coffre/deposer/", {"version_of": current.pk}, pk=current.pk
        ),
        Attempt("api", "get", api, pk=current.pk),
        Attempt("api", "post", api, {"from": str(pending.pk)}, pk=current.pk),
        Attempt("api", "get", f"{api}{old.pk}/content", pk=current.pk),
        Attempt("api", "post", f"{api}{old.pk}/restore", pk=current.pk),
        Attempt("api", "delete", f"{api}{old.pk}/", pk=current.pk),
    ]


def test_no_version_url_answers_another_account(people, versioned, caplog):
    current, old, pending = versioned
    tried = attempts(current, old, pending)
    before = snapshot()
    log_before = sorted(AccessLogEntry.objects.values_list("pk", flat=True))
    for key in ("medecin_b", "etudiant", "staff"):
        intruder: Person = people[key]
        for attempt in tried:
            caplog.clear()
            with caplog.at_level(logging.INFO):
                response = send(intruder, attempt)
            where = f"{key} → {attempt.method.upper()} {attempt.url}"
            if key != "medecin_b" and attempt.channel == "web":
                assert response.status_code == 302, where
                assert response["Location"] == reverse("claim_start"), where
            elif key != "medecin_b":
                assert response.status_code == 403, where
            else:
                assert response.status_code == 404, where
                assert logged(caplog, "portal.access", attempt.pk, intruder.user.pk), where
            body = b"" if response.streaming else response.content
            assert b"%PDF" not in body, where
    assert snapshot() == before
    assert sorted(AccessLogEntry.objects.values_list("pk", flat=True)) == log_before


def test_the_owner_reaches_each_of_them(people, versioned):
    current, old, _ = versioned
    a = people["medecin_a"]
    page = a.web.get(f"/espace/coffre/documents/{current.pk}/")
    assert page.status_code == 200
    assert a.web.get(f"/espace/coffre/documents/{old.pk}/").status_code == 302
    download = a.web.get(f"/espace/coffre/documents/{current.pk}/versions/{old.pk}/telecharger/")
    assert b"".join(download.streaming_content) == PDF
    listed = a.api.get(f"/api/v1/vault/documents/{current.pk}/versions/").json()
    assert [v["id"] for v in listed] == [str(old.pk)]


def test_journal_filter_by_another_accounts_document_shows_nothing(people, versioned):
    current, _, _ = versioned
    b = people["medecin_b"]
    response = b.web.get(reverse("vault:journal"), {"document": current.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert current.display_name not in response.content.decode()
