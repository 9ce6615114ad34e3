"""Every object URL of the web and the API, tried by every other account: nothing crosses.

Two doctors, a student and a staff member each own objects (vault documents, a trashed
document, a folder; a registration request and its documents). Each object URL is tried by
each other user, in the browser session and with an API token: the answer is 404 (the id
looks missing) and the attempt is logged on `portal.access`; users who have no vault at all
are refused at the gate before any lookup (a redirect to the claim page on the web, logged on
`portal.access`; 403 on the API, logged by `django.request`). Staff-only pages answer 403 to
everyone else. The database is compared before and after: nothing was read or written across
accounts.
"""

import io
import json
import logging
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from tests.api.conftest import Person, snapshot
from vault.models import AccessLogEntry

pytestmark = pytest.mark.django_db

VAULT_OWNERS = ("medecin_a", "medecin_b")
DOCTORS = {"medecin_a", "medecin_b"}


@dataclass(frozen=True)
class Attempt:
    channel: str  # "web" or "api"
    method: str
    url: str
    data: dict[str, Any] | None = None
    pk: object = None  # the id the owner-scoped lookup will refuse


def vault_attempts(owner: Person) -> list[Attempt]:
    doc = owner.objects["document"].pk  # type: ignore[attr-defined]
    old = owner.objects["trashed"].pk  # type: ignore[attr-defined]
    folder = owner.objects["folder"].pk  # type: ignore[attr-defined]
    page = f"/espace/coffre/documents/{doc}/"
    api = f"/api/v1/vault/documents/{doc}/"
    return [
        Attempt("web", "get", page, pk=doc),
        Attempt("web", "post", page, {"display_name": "pris.pdf", "folder": ""}, pk=doc),
        Attempt("web", "get", f"{page}telecharger/", pk=doc),
        Attempt("web", "post", f"{page}corbeille/", pk=doc),
        Attempt("web", "post", f"/espace/coffre/corbeille/{old}/restaurer/", pk=old),
        Attempt("web", "post", f"/espace/coffre/dossiers/{folder}/supprimer/", pk=folder),
        Attempt("web", "get", f"/espace/coffre/?dossier={folder}", pk=folder),
        Attempt("api", "get", api, pk=doc),
        Attempt("api", "patch", api, {"name": "pris.pdf"}, pk=doc),
        Attempt("api", "delete", api, pk=doc),
        Attempt("api", "get", f"{api}content", pk=doc),
        Attempt("api", "post", "/api/v1/vault/trash/", {"id": str(old)}, pk=old),
        Attempt("api", "get", f"/api/v1/vault/documents/?folder={folder}", pk=folder),
    ]


def registration_attempts(owner: Person) -> list[Attempt]:
    document = owner.objects["registration_document"].pk  # type: ignore[attr-defined]
    url = f"/etudiants/inscription/documents/{document}/supprimer/"
    return [Attempt("web", "post", url, pk=document)]


def staff_only_urls(people: dict[str, Person]) -> list[str]:
    student = people["etudiant"].objects
    registration = student["registration"].pk  # type: ignore[attr-defined]
    document = student["registration_document"].pk  # type: ignore[attr-defined]
    urls = [
        reverse("admin:registrations_registrationrequest_change", args=[registration]),
        reverse("admin:registrations_decision", args=[registration]),
        reverse("admin:registrations_document_download", args=[registration, document]),
    ]
    for owner in VAULT_OWNERS:
        doc = people[owner].objects["document"].pk  # type: ignore[attr-defined]
        urls.append(reverse("admin:vault_document_change", args=[doc]))
    return urls


def send(person: Person, attempt: Attempt) -> Any:
    client = person.web if attempt.channel == "web" else person.api
    if attempt.channel == "api" and attempt.data is not None:
        return getattr(client, attempt.method)(
            attempt.url, json.dumps(attempt.data), content_type="application/json"
        )
    return getattr(client, attempt.method)(attempt.url, attempt.data or {})


def logged(caplog: pytest.LogCaptureFixture, logger: str, *needles: object) -> bool:
    return any(
        record.name == logger and all(str(n) in record.getMessage() for n in needles)
        for record in caplog.records
    )


def test_no_object_url_answers_another_account(people, caplog):
    before = snapshot()
    log_before = AccessLogEntry.objects.count()
    tried = 0
    for owner_key, owner in people.items():
        attempts = vault_attempts(owner) if owner_key in VAULT_OWNERS else []
        if owner_key == "etudiant":
            attempts = registration_attempts(owner)
        for intruder_key, intruder in people.items():
            if intruder_key == owner_key:
                continue
            for attempt in attempts:
                caplog.clear()
                with caplog.at_level(logging.INFO):
                    response = send(intruder, attempt)
                tried += 1
                where = f"{intruder_key} → {attempt.method.upper()} {attempt.url}"
                gated = attempt.url.startswith(("/espace/", "/api/v1/vault/")) and (
                    intruder_key not in DOCTORS
                )
                if gated and attempt.channel == "web":
                    # No vault at all: turned away before any lookup, to the claim page.
                    assert response.status_code == 302, where
                    assert response["Location"] == reverse("claim_start"), where
                    assert logged(caplog, "portal.access", intruder.user.pk), where
                elif gated:
                    assert response.status_code == 403, where
                    assert logged(
                        caplog, "django.request", "Forbidden", attempt.url.split("?")[0]
                    ), where
                else:
                    assert response.status_code == 404, where
                    assert logged(caplog, "portal.access", attempt.pk, intruder.user.pk), where
                    assert logged(caplog, "django.request", "Not Found"), where
                body = b"" if response.streaming else response.content
                assert b"%PDF" not in body, where
    assert tried == 2 * 3 * 13 + 3 * 1
    assert snapshot() == before
    # A refused lookup writes nothing in the owner's access log either.
    assert AccessLogEntry.objects.count() == log_before


def test_staff_only_pages_answer_403_to_everyone_else(people, caplog):
    for url in staff_only_urls(people):
        for key in ("medecin_a", "medecin_b", "etudiant"):
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                response = people[key].web.get(url, follow=True)
            assert response.status_code == 403, f"{key} → {url}"
            assert logged(caplog, "django.request", "Forbidden"), f"{key} → {url}"


def test_own_lists_never_show_another_accounts_objects(people):
    a, b = people["medecin_a"], people["medecin_b"]
    names = [a.objects[k].display_name for k in ("document", "trashed")]  # type: ignore[attr-defined]
    ids = [str(a.objects[k].pk) for k in ("document", "trashed")]  # type: ignore[attr-defined]
    pages = [
        b.web.get("/espace/coffre/"),
        b.web.get("/espace/coffre/corbeille/"),
        b.web.get("/espace/coffre/journal/"),
        b.api.get("/api/v1/vault/documents/"),
        b.api.get("/api/v1/vault/trash/"),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for secret in (*names, *ids, a.objects["folder"].name):  # type: ignore[attr-defined]
            assert secret not in text, response.request["PATH_INFO"]
    for response in (b.web.get("/espace/coffre/export/"), b.api.get("/api/v1/vault/export/")):
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        listing = " ".join(archive.namelist()) + archive.read("manifest.json").decode()
        assert not any(name in listing for name in names)
        assert any("diplome-b" in name for name in archive.namelist())
    usage = b.api.get("/api/v1/vault/usage/").json()
    own = sum(b.objects[k].size for k in ("document", "trashed"))  # type: ignore[attr-defined]
    assert usage["used"] == own
