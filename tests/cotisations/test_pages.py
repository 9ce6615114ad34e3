import pytest
from django.test import Client

from cotisations.models import Attestation
from cotisations.services.campaigns import campaign_open_calls
from tests.cotisations.conftest import YEAR, pay_offline
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_space_needs_login_and_a_claimed_doctor(client, db):
    assert client.get("/espace/cotisations/").status_code == 302
    user = UserFactory.create(email="sans-inscription@exemple.test")
    client.force_login(user)
    response = client.get("/espace/cotisations/")
    assert response["Location"] == "/espace/rattacher/"


def test_space_shows_amount_split_deadline_balance(doctor_client, call):
    page = doctor_client.get("/espace/cotisations/").content.decode()
    for text in (
        "Cotisation 2027",
        "365,00",
        "113,00",
        "43,00",
        "209,00",
        "31 mars 2027",
        "Payer en 3 fois",
    ):
        assert text in page


def test_doctor_space_has_the_dues_section(doctor_client, call):
    page = doctor_client.get("/espace/").content.decode()
    assert "Ma cotisation ordinale" in page
    assert "Payer ma cotisation" in page


def test_receipt_pdf_and_another_doctors_receipt_is_404(doctor_client, call, caplog):
    payment = pay_offline(call, 10000)
    response = doctor_client.get(f"/espace/cotisations/recus/{payment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    other = Client()
    intruder = UserFactory.create(email="autre@exemple.test", with_doctor=True)
    other.force_login(intruder)
    assert other.get(f"/espace/cotisations/recus/{payment.pk}/").status_code == 404
    assert other.get(f"/espace/cotisations/{YEAR}/attestation/").status_code == 404
    refused = [r.getMessage() for r in caplog.records if r.name == "portal.access"]
    assert f"cotisations.Payment {payment.pk} asked by user {intruder.pk}" in refused[0]


def test_attestation_only_when_paid_in_full_and_its_code_verifies(doctor_client, call, client):
    assert doctor_client.get(f"/espace/cotisations/{YEAR}/attestation/").status_code == 404
    pay_offline(call)
    response = doctor_client.get(f"/espace/cotisations/{YEAR}/attestation/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    code = Attestation.objects.get(call=call).code
    assert len(code) == 26  # 128 bits in base32
    page = client.get(f"/verifier/{code}/").content.decode()
    doctor = call.doctor
    for text in (doctor.last_name, doctor.rpps, "2027", "365,00", "15 janvier 2027"):
        assert text in page
    assert doctor.email not in page
    assert doctor.street not in page


def test_unknown_or_altered_code_is_a_french_404(client, call):
    pay_offline(call)
    code = Attestation.objects.get(call=call).code
    altered = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = client.get(f"/verifier/{altered}/")
    assert response.status_code == 404
    assert "Attestation introuvable" in response.content.decode()


def test_verification_is_rate_limited(client, settings, call):
    settings.DUES_VERIFY_RATE_LIMIT = "3/m"
    statuses = [client.get("/verifier/AAAA/").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_attestation_pdf_shows_the_split_and_code(call):
    from cotisations.documents import attestation_pdf

    pay_offline(call)
    pdf = attestation_pdf(attestation=Attestation.objects.get(call=call))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000


def test_past_years_are_listed(doctor_client, call, doctor_user):
    from cotisations.services.campaigns import campaign_create

    later = campaign_create(year=YEAR + 1)
    campaign_open_calls(campaign_id=later.pk)
    page = doctor_client.get("/espace/cotisations/").content.decode()
    assert "Cotisation 2028" in page
    assert "Années précédentes" in page


def test_doctors_hub_links_to_the_dues(client, db):
    page = client.get("/medecins/").content.decode()
    assert "Payer ma cotisation" in page
    assert 'href="/espace/cotisations/"' in page


def test_receipts_and_attestations_are_not_cached(doctor_client, call):
    payment = pay_offline(call)
    for url in (
        f"/espace/cotisations/recus/{payment.pk}/",
        f"/espace/cotisations/{YEAR}/attestation/",
    ):
        response = doctor_client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith('attachment; filename="')
