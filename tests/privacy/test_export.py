"""The data export of a doctor and a student who used every feature: built by its task,
sealed in the vault's storage, downloaded by its owner only, parsed against its JSON Schema,
every item checked; one at a time, progress, email, expiry and purge."""

import datetime
import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from privacy.export.sealed import sealed_chunks
from privacy.models import DataExport, ExportStatus
from privacy.services.exports import (
    ALREADY_RUNNING,
    export_build_run,
    export_request,
    exports_purge_expired,
)
from tests.factories.vault import PDF
from tests.privacy.conftest import PNG, built_export, logged_in, unzip
from vault.models import AccessAction, AccessLogEntry

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "privacy/export/schema/data-export-v1.schema.json"
    ).read_text()
)


def validated(data: dict) -> dict:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


def download(client, export: DataExport) -> bytes:
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_the_doctors_export_holds_every_item(busy_doctor):
    user, doctor = busy_doctor.user, busy_doctor.doctor
    export = built_export(user)
    assert export.status == ExportStatus.READY
    assert export.progress == 100
    assert export.expires_at - export.ready_at == datetime.timedelta(days=7)

    archive, data = unzip(download(logged_in(user), export))
    validated(data)
    assert data["format"] == "ordre-data-export"
    assert data["version"] == 1
    sections = data["sections"]

    account = sections["account"]
    assert account["email"] == "anne.durand@exemple.test"
    assert [f["type"] for f in account["second_factors"]] == ["totp"]
    assert account["pro_sante_connect"][0]["uid"] == "psc-sub-0001"
    assert account["api_token"]["created_at"]
    assert "key" not in json.dumps(account["api_token"])
    assert account["logins"]
    assert account["logins_note"]

    assert sections["roll"]["doctor"]["rpps"] == doctor.rpps

    calls = {c["year"]: c for c in sections["dues"]["calls"]}
    paid = calls[2026]
    assert paid["status"] == "paid"
    assert paid["amount"] == paid["paid"]
    receipt = paid["payments"][0]["receipt"]
    assert archive.read(receipt["file"]).startswith(b"%PDF")
    assert archive.read(paid["attestation"]["file"]).startswith(b"%PDF")
    assert sections["dues"]["mandates"][0]["iban"].startswith("FR76")
    plan = sections["dues"]["debit_plans"][0]
    assert plan["year"] == 2027
    assert len(plan["debits"]) == 10
    exemption = sections["dues"]["exemptions"][0]
    assert exemption["year"] == 2027
    assert archive.read(exemption["documents"][0]["file"]).startswith(b"%PDF")

    vault = sections["vault"]
    assert [f["name"] for f in vault["folders"]] == ["Diplômes"]
    by_name = {d["display_name"]: d for d in vault["documents"]}
    assert set(by_name) == {"diplome-scanne.pdf", "photo.png", "ancien-contrat.pdf"}
    assert archive.read(by_name["diplome-scanne.pdf"]["file"]) == PDF
    assert by_name["diplome-scanne.pdf"]["file"] == "coffre-fort/Diplômes/diplome-scanne.pdf"
    assert archive.read(by_name["photo.png"]["file"]) == PNG
    # A trashed document is described, not included.
    assert by_name["ancien-contrat.pdf"]["file"] is None
    assert by_name["ancien-contrat.pdf"]["trashed_at"]
    actions = [e["action"] for e in vault["access_journal"]]
    assert actions.count("upload") == 3
    assert "trash" in actions
    assert "export" in actions
    assert AccessLogEntry.objects.filter(owner=user, action=AccessAction.EXPORT).count() == 1

    change = sections["roll_changes"]["requests"][0]
    assert change["changes"]
    assert archive.read(change["document"]["file"]).startswith(b"%PDF")
    assert sections["contact"]["requests"][0]["topic"] == "donnees-personnelles"
    assert sections["assistant"]["feedback"][0]["question"] == "cotisation retraite"
    assert sections["registrations"]["requests"] == []

    (analysis,) = sections["ereputation"]["kept_analyses"]
    assert analysis["text"] == "Ce médecin est un charlatan, fuyez."
    assert analysis["platform_label"] == "Google (fiche d’établissement)"
    assert analysis["published_on"] == "2026-11-02"
    assert analysis["categories"] == ["diffamation"]
    assert analysis["categories_labels"] == ["Diffamation"]

    shares = sections["vault_shares"]
    (given,) = shares["given"]
    assert (given["name"], given["other_doctor"]) == ("diplome-scanne.pdf", "Dr Claire Dubois")
    assert (given["status"], given["message"], given["kind"]) == ("open", "Pour avis.", "document")
    assert given["kind_label"] == "Document"
    (received,) = shares["received"]
    assert received["name"] == "compte-rendu-operatoire.pdf"
    assert received["other_doctor"] == "Dr Claire Dubois"
    assert received["status_label"] == "En cours"
    # The other doctor is named as the directory names them, never by their address.
    assert "claire.dubois@exemple.test" not in json.dumps(data)

    register = sections["appregister"]
    assert register["publisher"] is None
    assert register["assessor"] is None
    (report,) = register["problem_reports"]
    assert report["application"] == "CardioPlus"
    assert report["label_number"].startswith("ODM-APP-")
    assert report["message"] == "Les mesures affichées sont décalées."

    # Every file the JSON names is in the archive with its size, and index.html links them.
    names = set(archive.namelist())
    for item in data["files"]:
        assert item["path"] in names
        assert archive.getinfo(item["path"]).file_size == item["size"]
    index = archive.read("index.html").decode()
    assert "Vos cotisations" in index
    assert "Votre coffre-fort numérique" in index
    assert "Vos analyses d’avis en ligne conservées" in index
    assert "Vos partages de documents entre confrères" in index
    assert "signalements envoyés" in index
    assert f'href="{receipt["file"]}"' in index


def test_without_documents_the_vault_is_described_only(busy_doctor):
    export = built_export(busy_doctor.user, include_documents=False)
    archive, data = unzip(download(logged_in(busy_doctor.user), export))
    validated(data)
    assert all(d["file"] is None for d in data["sections"]["vault"]["documents"])
    assert not any(n.startswith("coffre-fort/") for n in archive.namelist())
    # Receipts and attestations are always there: they are the council's documents about you.
    assert any(n.startswith("cotisations/") for n in archive.namelist())


def test_the_students_export_holds_their_registration(busy_student):
    export = built_export(busy_student.user)
    archive, data = unzip(download(logged_in(busy_student.user), export))
    validated(data)
    sections = data["sections"]
    assert sections["roll"] == {"doctor": None, "companies": []}
    assert sections["dues"]["calls"] == []
    assert sections["vault"]["documents"] == []
    (registration,) = sections["registrations"]["requests"]
    assert registration["status"] == "submitted"
    assert registration["last_name"] == "Lefèvre"
    assert {d["kind"] for d in registration["documents"]} == {"identity", "studies"}
    for document in registration["documents"]:
        content = archive.read(document["file"])
        assert hashlib.sha256(content).hexdigest() == document["sha256"]
    assert [h["to_status"] for h in registration["history"]] == ["submitted"]
    assert sections["contact"]["requests"][0]["topic"] == "inscription"
    assert sections["assistant"]["feedback"][0]["helpful"] is True


def test_the_zip_is_stored_encrypted_in_the_vaults_storage(busy_doctor, vault_root):
    export = built_export(busy_doctor.user)
    stored = vault_root / export.storage_name
    assert export.storage_name.startswith("privacy-exports/v1/")
    ciphertext = stored.read_bytes()
    assert b"donnees.json" not in ciphertext
    assert b"%PDF" not in ciphertext
    plaintext = b"".join(
        sealed_chunks(
            storage_name=export.storage_name,
            export_id=export.pk,
            owner_id=busy_doctor.user.pk,
            sha256=export.sha256,
            size=export.size,
        )
    )
    assert unzip(plaintext)[1]["account_id"] == busy_doctor.user.pk


def test_the_email_says_it_is_ready_once(busy_student):
    mail.outbox.clear()
    export = built_export(busy_student.user)
    (message,) = mail.outbox
    assert message.to == [busy_student.user.email]
    assert "prêtes" in message.subject
    assert reverse("privacy:data") in message.body
    assert "donnees.json" not in message.body
    assert not message.attachments
    from privacy.services.exports import export_ready_notify

    assert export_ready_notify(export_id=export.pk) is False  # a retried task sends nothing
    assert len(mail.outbox) == 1


def test_one_export_at_a_time(busy_student):
    user = busy_student.user
    export = export_request(user=user, include_documents=False)  # queued, not run yet
    with pytest.raises(Exception, match="déjà en préparation") as refused:
        export_request(user=user, include_documents=False)
    assert ALREADY_RUNNING in str(refused.value)
    client = logged_in(user)
    response = client.post(reverse("privacy:export_request"), follow=True)
    assert "déjà en préparation" in response.content.decode()
    assert DataExport.objects.filter(user=user).count() == 1
    page = client.get(reverse("privacy:data")).content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert "<progress" in page

    assert export_build_run(export_id=export.pk) is True
    assert export_build_run(export_id=export.pk) is False  # a redelivered task: nothing to do
    # Once ready, a new request replaces it (object included).
    with TestCase.captureOnCommitCallbacks(execute=True):
        newer = export_request(user=user, include_documents=False)
    assert list(DataExport.objects.filter(user=user)) == [newer]


def test_a_lost_build_does_not_block_for_ever(busy_student):
    user = busy_student.user
    stuck = export_request(user=user, include_documents=False)
    DataExport.objects.filter(pk=stuck.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=7)
    )
    assert export_request(user=user, include_documents=False).status == ExportStatus.PENDING


def test_progress_is_recorded_section_by_section(busy_student, monkeypatch):
    seen = []
    from privacy.services import exports

    real = exports._progress
    monkeypatch.setattr(
        exports, "_progress", lambda pk, p, step: (seen.append((p, step)), real(pk, p, step))
    )
    built_export(busy_student.user)
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)
    assert seen[0][1] == "Votre compte"
    assert seen[-1][1] == "Finalisation"


def test_a_failed_build_leaves_no_object(busy_student, vault_root, monkeypatch):
    from privacy.export import dues

    def broken(user, files):
        raise RuntimeError("PDF renderer down")

    from privacy.export.registry import Section

    monkeypatch.setattr(dues, "SECTION", Section(key="dues", title="x", collect=broken))
    export = built_export(busy_student.user)
    assert export.status == ExportStatus.FAILED
    assert not list((vault_root / "privacy-exports").rglob("*.ovf"))
    page = logged_in(busy_student.user).get(reverse("privacy:data")).content.decode()
    assert "n’a pas abouti" in page


def test_expired_exports_are_refused_then_purged(busy_student, vault_root):
    user = busy_student.user
    export = built_export(user)
    client = logged_in(user)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 404
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert exports_purge_expired() == 1
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not (vault_root / export.storage_name).exists()


def test_the_purge_keeps_exports_still_valid(busy_student):
    export = built_export(busy_student.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert exports_purge_expired() == 0
    assert DataExport.objects.filter(pk=export.pk).exists()


def test_the_upkeep_is_scheduled_by_beat(db):
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"privacy.tasks.purge_expired_exports", "privacy.tasks.purge_closed_accounts"} <= tasks


def test_a_wrong_section_stops_the_start(settings):
    from privacy.checks import export_sections_check

    assert export_sections_check() == []
    settings.PRIVACY_EXPORT_SECTIONS = [*settings.PRIVACY_EXPORT_SECTIONS, "privacy.export.nope.X"]
    (error,) = export_sections_check()
    assert error.id == "privacy.E001"
    settings.PRIVACY_EXPORT_SECTIONS = ["privacy.export.account.SECTION"] * 2
    assert export_sections_check()[0].id == "privacy.E001"


def test_the_publishers_export_holds_their_applications(busy_publisher):
    user = busy_publisher.user
    export = built_export(user)
    archive, data = unzip(download(logged_in(user), export))
    validated(data)
    publisher = data["sections"]["appregister"]["publisher"]
    assert (publisher["company_name"], publisher["siren"]) == ("GlycoSuivi SAS", "552100554")
    assert publisher["contact_name"] == "Claire Martin"
    by_name = {a["name"]: a for a in publisher["applications"]}
    assert set(by_name) == {"GlycoSuivi", "TensioNote"}

    granted = by_name["GlycoSuivi"]
    assert (granted["status"], granted["status_label"]) == ("granted", "Labellisée")
    assert granted["label"]["number"] == busy_publisher.extra["granted"].label.number
    assert granted["body"] == "Certisanté"
    assert [h["to_status"] for h in granted["history"]] == [
        "submitted",
        "assigned",
        "assessed",
        "granted",
    ]
    assert len(granted["evidence"]) == busy_publisher.extra["granted"].evidence.count() > 0
    assert all(e["text"].startswith("Preuve fournie") for e in granted["evidence"])
    (document,) = granted["documents"]
    content = archive.read(document["file"])
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == document["sha256"]
    assert document["file"] == "applications-de-sante/GlycoSuivi/test-intrusion.pdf"
    (change,) = granted["material_changes"]
    assert (change["kind"], change["new_version"]) == ("new_version", "3.3")
    assert change["kind_label"] == "Nouvelle version"

    draft = by_name["TensioNote"]
    assert (draft["status"], draft["label"], draft["history"]) == ("draft", None, [])
    assert archive.read(draft["documents"][0]["file"]).startswith(b"%PDF")
    assert data["sections"]["appregister"]["problem_reports"] == []
    assert data["sections"]["vault_shares"] == {"given": [], "received": []}
    assert data["sections"]["ereputation"] == {"kept_analyses": []}
    assert "Le registre des applications de santé" in archive.read("index.html").decode()


def test_without_documents_the_evidence_is_described_only(busy_publisher):
    export = built_export(busy_publisher.user, include_documents=False)
    archive, data = unzip(download(logged_in(busy_publisher.user), export))
    validated(data)
    applications = data["sections"]["appregister"]["publisher"]["applications"]
    documents = [d for a in applications for d in a["documents"]]
    assert len(documents) == 2
    assert all(d["file"] is None and d["sha256"] for d in documents)
    assert not any(n.startswith("applications-de-sante/") for n in archive.namelist())


def test_a_publisher_may_ask_for_their_evidence_files(busy_publisher):
    client = logged_in(busy_publisher.user)
    page = client.get(reverse("privacy:data")).content.decode()
    assert "Inclure les pièces de mes demandes de label" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("privacy:export_request"), {"documents": "on"})
    assert DataExport.objects.get(user=busy_publisher.user).include_documents is True


def test_the_assessors_export_holds_what_they_recorded(busy_publisher):
    assessor = busy_publisher.extra["assessor"]
    export = built_export(assessor)
    _, data = unzip(download(logged_in(assessor), export))
    validated(data)
    register = data["sections"]["appregister"]
    assert register["publisher"] is None
    recorded = register["assessor"]
    assert recorded["body"] == "Certisanté"
    granted = busy_publisher.extra["granted"]
    assert len(recorded["results"]) == granted.results.count() > 0
    assert {r["application"] for r in recorded["results"]} == {"GlycoSuivi"}
    assert recorded["results"][0]["result_label"] == "Satisfait"
    (recommendation,) = recorded["recommendations"]
    assert recommendation["outcome"] == "favourable"
    assert recommendation["summary"] == "Évaluation menée."
    assert recommendation["framework_version"] == granted.framework.number


def test_a_damaged_kept_analysis_fails_the_build_as_a_vault_document_does(
    busy_doctor, vault_root, caplog
):
    path = vault_root / busy_doctor.extra["analysis"].storage_name
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    export = built_export(busy_doctor.user)
    assert export.status == ExportStatus.FAILED
    assert not list((vault_root / "privacy-exports").rglob("*.ovf"))
    assert "vault integrity failure" in caplog.text
    assert "charlatan" not in caplog.text
