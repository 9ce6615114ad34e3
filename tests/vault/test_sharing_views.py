"""The sharing pages as a doctor uses them: the form's French errors on their fields, the
default date, the success message, the rate limit on numbers tried, the lists."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.french_format import french_date
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory
from vault.models import Share

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(shared_report):
    return shared_report


def share_url(document) -> str:
    return reverse("vault:share_document", args=[document.pk])


def test_the_form_offers_7_days_and_says_what_the_colleague_can_do(doctor_client, document):
    response = doctor_client.get(share_url(document))
    assert response.status_code == 200
    page = response.content.decode()
    default = timezone.localdate() + datetime.timedelta(days=7)
    assert f'value="{default.isoformat()}"' in page
    assert "Partager le document «&nbsp;echographie.pdf&nbsp;» avec un confrère" in page
    assert "sans pouvoir le modifier ni le supprimer" in page
    assert "Numéro RPPS de votre confrère" in page


def test_errors_are_shown_on_their_fields_and_nothing_is_shared(doctor_client, document):
    far = timezone.localdate() + datetime.timedelta(days=120)
    response = doctor_client.post(
        share_url(document), {"rpps": "12345", "expires_on": far.isoformat(), "message": ""}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["rpps"] == ["Le numéro RPPS comporte exactement 11 chiffres."]
    assert "90 jours au plus" in form.errors["expires_on"][0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Share.objects.exists()


def test_a_message_over_1000_characters_is_refused(doctor_client, document, colleague):
    response = doctor_client.post(
        share_url(document), {"rpps": colleague.doctor.rpps, "message": "x" * 1001}
    )
    assert response.context["form"].errors["message"] == ["Votre message dépasse 1000 caractères."]
    assert not Share.objects.exists()


def test_a_share_is_created_and_the_page_lists_it(doctor_client, document, colleague):
    response = doctor_client.post(
        share_url(document),
        {"rpps": colleague.doctor.rpps, "expires_on": "", "message": "Votre avis ?"},
        follow=True,
    )
    share = Share.objects.get()
    assert (share.recipient, share.message) == (colleague, "Votre avis ?")
    page = response.content.decode()
    until = french_date(share.expires_on)
    shared = "«\u00a0echographie.pdf\u00a0» est partagé avec le Dr Claire Dubois"
    assert f"{shared} jusqu’au {until}" in page
    assert "Déjà partagé avec" in page
    assert colleague.email not in page
    listing = doctor_client.get(reverse("vault:shares")).content.decode()
    assert "Dr Claire Dubois" in listing
    assert "En cours" in listing


def test_a_folder_is_shared_from_its_own_page(doctor_client, doctor_user, colleague):
    from vault import services

    folder = services.folder_create(owner=doctor_user, name="Téléexpertise")
    index = doctor_client.get(f"{reverse('vault:index')}?dossier={folder.pk}").content.decode()
    url = reverse("vault:share_folder", args=[folder.pk])
    assert url in index
    doctor_client.post(url, {"rpps": colleague.doctor.rpps})
    assert Share.objects.get().folder == folder


def test_numbers_tried_are_limited_per_doctor(doctor_client, document, settings):
    settings.VAULT_SHARE_RATE_LIMIT = "2/d"
    unknown = [DoctorFactory.build().rpps for _ in range(3)]
    # Malformed numbers do not count: a typo locks nobody out.
    for _ in range(3):
        assert doctor_client.post(share_url(document), {"rpps": "123"}).status_code == 200
    assert doctor_client.post(share_url(document), {"rpps": unknown[0]}).status_code == 200
    assert doctor_client.post(share_url(document), {"rpps": unknown[1]}).status_code == 200
    refused = doctor_client.post(share_url(document), {"rpps": unknown[2]})
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_the_recipient_sees_the_share_and_the_message(doctor_client, document, colleague):
    doctor_client.post(share_url(document), {"rpps": colleague.doctor.rpps, "message": "Merci"})
    client = Client()
    force_mfa_login(client, colleague)
    page = client.get(reverse("vault:shared_with_me")).content.decode()
    assert "echographie.pdf" in page
    assert reverse("vault:download", args=[document.pk]) in page
    assert "Merci" in page
    # A recipient without a second factor is sent to enable one, like the owner.
    before_totp = UserFactory.create(doctor=DoctorFactory.create())
    doctor_client.post(share_url(document), {"rpps": before_totp.doctor.rpps})
    client = Client()
    client.force_login(before_totp)
    response = client.get(reverse("vault:download", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
