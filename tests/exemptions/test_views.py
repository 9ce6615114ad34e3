"""The doctor's pages under /espace/cotisations/exoneration/: request, status, documents,
withdrawal; owner-scoped; bad input keeps what was typed and loses nothing saved."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exemptions.models import ExemptionDocument, ExemptionRequest, ExemptionStatus
from tests.exemptions.helpers import PDF, campaign_with_call, filed, owner
from tests.roll.change_helpers import logged_in

pytestmark = pytest.mark.django_db

HOME = reverse("exemptions:home")
CREATE = reverse("exemptions:create")


@pytest.fixture(autouse=True)
def before_the_deadline(monkeypatch):
    # The campaign's deadline is 31 March 2027: "today" is mid-February.
    monkeypatch.setattr(
        "exemptions.services.timezone.localdate", lambda: datetime.date(2027, 2, 15)
    )


@pytest.fixture
def call(db):
    return campaign_with_call()


@pytest.fixture
def client(call):
    return logged_in(owner(call))


def stored(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def form(**overrides):
    return {
        "kind": "half",
        "reason": "financial",
        "explanation": "Cabinet fermé six mois après un incendie.",
        **overrides,
    }


def test_the_dues_space_links_to_the_exemption_pages(client):
    page = client.get(reverse("cotisations:space")).content.decode()
    assert HOME in page
    home = client.get(HOME).content.decode()
    assert "Demander une exonération" in home
    assert "31 mars 2027" in home
    assert CREATE in home


def test_a_request_with_two_documents_is_filed_and_shown(
    client, call, vault_root, django_capture_on_commit_callbacks
):
    data = form(
        documents=[
            SimpleUploadedFile("avis.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("arret.pdf", PDF, content_type="application/pdf"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, data)
    request = ExemptionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exemptions:detail", args=[request.pk])
    assert sorted(request.documents.values_list("display_name", flat=True)) == [
        "arret.pdf",
        "avis.pdf",
    ]
    for path in stored(vault_root):
        assert path.read_bytes().startswith(b"OMVF")
        assert PDF[20:200] not in path.read_bytes()
    assert "a bien été reçue" in mail.outbox[0].subject
    page = client.get(response["Location"]).content.decode()
    assert "En cours d’examen" in page
    assert "Exonération de moitié" in page
    assert "Télécharger avis.pdf" in page
    document = request.documents.get(display_name="avis.pdf")
    download = client.get(reverse("exemptions:document", args=[request.pk, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]


def test_bad_input_is_refused_on_its_field_and_what_was_typed_stays(client, vault_root):
    data = form(
        reason="",
        explanation="Revenus divisés par trois.",
        documents=SimpleUploadedFile("avis.pdf", PDF, content_type="application/pdf"),
    )
    response = client.post(CREATE, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez le motif de votre demande." in page
    assert "Revenus divisés par trois." in page  # kept in the textarea
    assert 'value="half" required id="id_kind_1" checked' in page
    assert "choisissez-les de nouveau" in page
    assert not ExemptionRequest.objects.exists()
    assert stored(vault_root) == []


def test_after_the_deadline_the_form_says_so_on_the_field(client, monkeypatch, vault_root):
    monkeypatch.setattr("exemptions.services.timezone.localdate", lambda: datetime.date(2027, 4, 1))
    assert "est passée" in client.get(HOME).content.decode()
    files = [
        SimpleUploadedFile(name, PDF, content_type="application/pdf")
        for name in ("avis.pdf", "arret.pdf")
    ]
    response = client.post(CREATE, form(documents=files))
    assert response.status_code == 400
    page = response.content.decode()
    # Said once on its field, however many files came with the refused request.
    assert page.count("La date limite de la cotisation 2027 (31 mars 2027) est passée") == 1
    assert not ExemptionRequest.objects.exists()
    assert stored(vault_root) == []


def test_a_second_request_while_one_is_open_goes_to_the_open_one(client, call):
    first = filed(call)
    response = client.post(CREATE, form(kind="total"))
    assert response.status_code == 302
    assert response["Location"] == reverse("exemptions:detail", args=[first.pk])
    assert ExemptionRequest.objects.count() == 1


def test_documents_added_later_and_a_refused_file_loses_nothing_saved(client, call, vault_root):
    request = filed(call, with_document=True)
    url = reverse("exemptions:documents_add", args=[request.pk])
    response = client.post(
        url, {"documents": SimpleUploadedFile("bulletin.pdf", PDF, content_type="application/pdf")}
    )
    assert response.status_code == 302
    assert request.documents.count() == 2
    # A file of a refused type: the error on the field, the two documents still there.
    response = client.post(
        url, {"documents": SimpleUploadedFile("notes.txt", b"du texte", content_type="text/plain")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Aucun justificatif n’a été ajouté" in page
    assert "Télécharger bulletin.pdf" in page
    assert request.documents.count() == 2
    assert len(stored(vault_root)) == 2
    # Nothing chosen at all.
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Choisissez au moins un fichier" in response.content.decode()


def test_the_doctor_withdraws_and_the_page_offers_nothing_more(client, call):
    request = filed(call)
    response = client.post(reverse("exemptions:withdraw", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ExemptionStatus.WITHDRAWN
    page = client.get(reverse("exemptions:detail", args=[request.pk])).content.decode()
    assert "Retirée" in page
    assert reverse("exemptions:withdraw", args=[request.pk]) not in page
    # Withdrawing again says why, and changes nothing.
    again = client.post(reverse("exemptions:withdraw", args=[request.pk]), follow=True)
    assert "ne peut plus passer" in again.content.decode()


def test_get_on_post_only_urls_goes_back_to_the_request(client, call):
    request = filed(call)
    for name in ("withdraw", "documents_add"):
        response = client.get(reverse(f"exemptions:{name}", args=[request.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("exemptions:detail", args=[request.pk])
    request.refresh_from_db()
    assert request.status == ExemptionStatus.SUBMITTED


def test_another_doctors_request_and_documents_are_404(client, call, vault_root):
    other_call = campaign_with_call("autre@exemple.test")
    theirs = filed(other_call, with_document=True)
    document = ExemptionDocument.objects.get()
    for url in (
        reverse("exemptions:detail", args=[theirs.pk]),
        reverse("exemptions:document", args=[theirs.pk, document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("exemptions:withdraw", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("exemptions:documents_add", args=[theirs.pk]),
        {"documents": SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ExemptionStatus.SUBMITTED
    assert theirs.documents.count() == 1
    assert len(stored(vault_root)) == 1
    assert "Cabinet fermé" not in client.get(HOME).content.decode()


def test_an_account_without_roll_entry_is_sent_to_the_dues_space(db):
    from tests.factories import UserFactory

    client = logged_in(UserFactory.create(email="etudiant@exemple.test"))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("cotisations:space")
