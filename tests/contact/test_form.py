"""The public contact form: prefill, validation, storage, acknowledgement, abuse guards."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from contact.models import ContactMessage, ContactRequest, Direction, RequestStatus
from tests.contact.conftest import FORM_URL
from tests.factories import DoctorFactory, UserFactory, factory_rpps

pytestmark = pytest.mark.django_db

THANKS_URL = reverse("contact:thanks")


def test_happy_path_stores_routes_acknowledges_and_shows_the_reference(client, submit, valid_data):
    response = submit(valid_data)
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL

    contact_request = ContactRequest.objects.get()
    assert re.fullmatch(r"C-\d{4}-\d{6}", contact_request.reference)
    assert contact_request.reference.endswith("-000001")
    assert contact_request.council.code == "69"
    assert contact_request.status == RequestStatus.NEW
    assert contact_request.user is None
    inbound = contact_request.messages.get()
    assert inbound.direction == Direction.IN
    assert inbound.body == valid_data["message"]
    assert inbound.emailed_at is not None

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["claire.martin@exemple.test"]
    assert contact_request.reference in email.subject
    assert "a bien été reçue" in email.subject
    assert f"Référence\u00a0: {contact_request.reference}" in email.body
    assert "Bonjour Claire Martin," in email.body
    assert "> Bonjour, je souhaite régler ma cotisation" in email.body
    assert "Vous recevez ce message parce que" in email.body
    html = email.alternatives[0][0]
    assert contact_request.reference in html

    page = client.get(THANKS_URL)
    assert page.status_code == 200
    assert contact_request.reference in page.content.decode()
    assert contact_request.council.name in page.content.decode()


def test_personal_data_topic_goes_to_the_national_council(submit, valid_data):
    submit({**valid_data, "sujet": "donnees-personnelles"})
    assert ContactRequest.objects.get().council.code == "CNOM"


def test_thanks_page_shows_only_this_browsers_reference(client, submit, valid_data, settings):
    submit(valid_data)
    other = client.__class__()
    assert other.get(THANKS_URL).status_code == 302
    response = other.get(THANKS_URL, follow=True)
    assert ContactRequest.objects.get().reference not in response.content.decode()


def test_errors_are_at_field_level_in_french_and_values_are_kept(submit, valid_data):
    data = {
        **valid_data,
        "sujet": "",
        "departement": "20",
        "email": "pas-une-adresse",
        "rpps": "12345678901",
        "message": "x" * 2001,
    }
    response = submit(data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["sujet"] == ["Choisissez le sujet de votre demande."]
    assert form.errors["departement"] == ["Choisissez un département dans la liste."]
    assert form.errors["email"][0].startswith("Saisissez une adresse électronique valide")
    assert "clé de contrôle" in form.errors["rpps"][0]
    assert "dépasse 2000 caractères" in form.errors["message"][0]
    assert set(form.errors) == {"sujet", "departement", "email", "rpps", "message"}
    html = response.content.decode()
    assert 'value="Claire Martin"' in html
    assert 'value="pas-une-adresse"' in html
    assert 'value="12345678901"' in html
    assert "x" * 2001 in html
    assert "Votre message n’est pas encore envoyé" in html
    assert 'aria-invalid="true"' in html
    assert not ContactRequest.objects.exists()
    assert mail.outbox == []


def test_required_fields_say_what_is_missing(submit):
    response = submit({})
    errors = response.context["form"].errors
    assert errors["nom"] == ["Indiquez votre nom."]
    assert errors["email"] == ["Indiquez votre adresse électronique."]
    assert errors["message"] == ["Écrivez votre message."]
    assert "rpps" not in errors


def test_a_valid_rpps_is_stored_without_spaces(submit, valid_data):
    rpps = factory_rpps(42)
    submit({**valid_data, "rpps": f"{rpps[:5]} {rpps[5:]}"})
    assert ContactRequest.objects.get().rpps == rpps


def test_honeypot_looks_accepted_but_nothing_is_stored_or_sent(client, submit, valid_data):
    response = submit({**valid_data, "site_web": "https://promo.example"})
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    assert not ContactRequest.objects.exists()
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []
    page = client.get(THANKS_URL)
    assert page.status_code == 200
    assert "Votre message est envoyé" in page.content.decode()


def test_honeypot_is_hidden_from_screen_readers_and_keyboard(client):
    html = client.get(FORM_URL).content.decode()
    assert '<div class="contact-trap" aria-hidden="true">' in html
    assert 'name="site_web" id="id_site_web" value="" tabindex="-1"' in html


def test_form_needs_a_csrf_token(valid_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, valid_data)
    assert response.status_code == 403
    assert not ContactRequest.objects.exists()


def test_rate_limit_per_address_keeps_the_message(submit, valid_data, settings):
    settings.CONTACT_RATE_LIMIT = "2/h"
    for n in range(2):
        assert submit({**valid_data, "email": f"p{n}@exemple.test"}).status_code == 302
    response = submit({**valid_data, "email": "p3@exemple.test"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Vous avez envoyé plusieurs messages en peu de temps" in html
    assert valid_data["message"] in html
    assert ContactRequest.objects.count() == 2


def test_rate_limit_per_email_across_addresses(submit, valid_data, settings):
    settings.CONTACT_RATE_LIMIT = "2/h"
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(2):
        response = submit(valid_data, HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}")
        assert response.status_code == 302
    # Another person from yet another address goes through: addresses are told apart.
    other = {**valid_data, "email": "autre@exemple.test"}
    assert submit(other, HTTP_X_FORWARDED_FOR="203.0.113.3").status_code == 302
    response = submit(
        {**valid_data, "email": valid_data["email"].upper()}, HTTP_X_FORWARDED_FOR="203.0.113.4"
    )
    assert response.status_code == 429
    assert ContactRequest.objects.count() == 3


def test_get_parameters_prefill_the_form(client):
    response = client.get(
        FORM_URL, {"sujet": "coffre-fort", "departement": "2a", "message": "Mon coffre-fort"}
    )
    form = response.context["form"]
    assert form.initial == {
        "sujet": "coffre-fort",
        "departement": "2A",
        "message": "Mon coffre-fort",
    }
    html = response.content.decode()
    assert '<option value="coffre-fort" selected>' in html
    assert '<option value="2A" selected>' in html


def test_unknown_prefill_values_are_ignored(client):
    form = client.get(FORM_URL, {"sujet": "spam", "departement": "20"}).context["form"]
    assert form.initial == {}


def test_logged_in_doctor_is_prefilled_from_the_roll(client):
    doctor = DoctorFactory.create(first_name="Anne", last_name="Durand", department="33")
    user = UserFactory.create(email="anne@exemple.test", doctor=doctor)
    client.force_login(user)
    form = client.get(FORM_URL, {"sujet": "inscription"}).context["form"]
    assert form.initial == {
        "email": "anne@exemple.test",
        "nom": "Anne Durand",
        "rpps": doctor.rpps,
        "departement": "33",
        "sujet": "inscription",
    }


def test_logged_in_user_is_linked_to_the_request(client, submit, valid_data):
    user = UserFactory.create(email="jean@exemple.test")
    client.force_login(user)
    form = client.get(FORM_URL).context["form"]
    assert form.initial == {"email": "jean@exemple.test"}
    submit(valid_data)
    assert ContactRequest.objects.get().user == user
