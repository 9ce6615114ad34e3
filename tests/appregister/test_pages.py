"""The public register's pages and API: filters, withdrawn and expired labels, verification
(unknown → 404), doctors' reports from an app's page, the publisher's steps."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from appregister.models import AppApplication, ProblemReport
from appregister.services import decisions
from tests.appregister.helpers import labelled, publisher_create
from tests.auth_helpers import force_mfa_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(council, body, assessor):
    """Three labelled apps: one valid (a device), one withdrawn, one expired."""
    valid = labelled(publisher_create(), staff=council, body=body, assessor=assessor)
    withdrawn = labelled(
        publisher_create(email="b@exemple.test", company="Respiro SAS"),
        staff=council,
        body=body,
        assessor=assessor,
        name="Respiro",
        regulatory_status="not_md",
    )
    decisions.label_withdraw(
        application_id=withdrawn.pk, staff=council, reason="Publicité ciblée avérée."
    )
    expired = labelled(
        publisher_create(email="c@exemple.test", company="Ancien SAS"),
        staff=council,
        body=body,
        assessor=assessor,
        today=datetime.date(2020, 1, 6),
        name="Ancienne appli",
    )
    return valid, withdrawn, expired


def test_the_register_lists_valid_withdrawn_and_expired_labels(client, listed):
    _valid, withdrawn, _expired = listed
    page = client.get(reverse("appregister:register")).content.decode()
    for app in listed:
        assert app.label.number in page
    assert "Label retiré" in page
    assert "Label expiré" in page
    only_withdrawn = client.get(reverse("appregister:register"), {"etat": "retire"})
    assert "Respiro" in only_withdrawn.content.decode()
    assert "GlycoSuivi" not in only_withdrawn.content.decode()
    devices = client.get(reverse("appregister:register"), {"dispositif": "oui", "q": "glyco"})
    assert "GlycoSuivi" in devices.content.decode()
    assert "Respiro" not in devices.content.decode()
    entry = client.get(reverse("appregister:entry", args=[withdrawn.pk])).content.decode()
    assert "Publicité ciblée avérée." in entry


def test_drafts_are_not_in_the_register(client, publisher):
    draft = AppApplication.objects.create(
        publisher=publisher, framework_id=1, name="Brouillon secret"
    )
    assert client.get(reverse("appregister:entry", args=[draft.pk])).status_code == 404
    assert "Brouillon secret" not in client.get(reverse("appregister:register")).content.decode()


def test_verification_page_and_unknown_number(client, listed):
    valid = listed[0]
    response = client.get(reverse("appregister:verify", args=[valid.label.number]))
    assert response.status_code == 200
    assert "GlycoSuivi" in response.content.decode()
    lower = client.get(reverse("appregister:verify", args=[valid.label.number.lower()]))
    assert lower.status_code == 200
    unknown = client.get(reverse("appregister:verify", args=["ODM-APP-1999-0001"]))
    assert unknown.status_code == 404


def test_api_lists_and_retrieves_by_number(client, listed):
    _valid, withdrawn, _expired = listed
    data = client.get("/api/v1/applications/").json()
    assert data["count"] == 3
    states = {r["label_number"]: r["state"] for r in data["results"]}
    assert set(states.values()) == {"valide", "retire", "expire"}
    one = client.get(f"/api/v1/applications/{withdrawn.label.number}/").json()
    assert one["withdrawal_reason"] == "Publicité ciblée avérée."
    assert client.get("/api/v1/applications/ODM-APP-1999-0001/").status_code == 404
    assert client.get("/api/v1/applications/", {"etat": "inconnu"}).status_code == 400


def test_a_doctor_reports_a_problem_from_the_apps_page(listed, commits):
    valid = listed[0]
    url = reverse("appregister:report", args=[valid.pk])
    anonymous = Client().post(url, {"message": "Panne."})
    assert anonymous.status_code == 302
    assert "/compte/login/" in anonymous["Location"]
    doctor = UserFactory.create(email="dr.lemoine@exemple.test", with_doctor=True, with_totp=True)
    browser = Client()
    force_mfa_login(browser, doctor)
    assert (
        "Signaler un problème"
        in browser.get(reverse("appregister:entry", args=[valid.pk])).content.decode()
    )
    assert browser.post(url, {"message": ""}).status_code == 400
    response = browser.post(url, {"message": "Valeurs de glycémie décalées."})
    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert report.reporter == doctor
    assert any(doctor.email in m.to for m in mail.outbox)


def test_mon_espace_routes_publishers_and_assessors(publisher, assessor):
    browser = Client()
    browser.force_login(publisher.user)
    assert browser.get(reverse("doctor_space"))["Location"] == reverse("appregister:publisher_home")
    browser.force_login(assessor)
    assert browser.get(reverse("doctor_space"))["Location"] == reverse("appregister:body_home")


def test_the_doctors_hub_links_to_the_register(client):
    assert "/applications/" in client.get(reverse("hub_medecins")).content.decode()


def test_register_pages_write_french(client, listed, assessor):
    """The typography check of tests/portal/test_typography.py over every page of the
    register: public, publisher and body."""
    from tests.appregister.helpers import application_filled
    from tests.portal.test_typography import check

    valid, _withdrawn, _expired = listed
    public = [
        reverse("appregister:register"),
        reverse("appregister:register") + "?etat=retire",
        reverse("appregister:publisher_start"),
        *[reverse("appregister:entry", args=[app.pk]) for app in listed],
        reverse("appregister:verify", args=[valid.label.number]),
    ]
    assert check(client, public) == []
    publisher = publisher_create(email="d@exemple.test", company="D SAS")
    draft = application_filled(publisher)
    publisher_pages = [
        reverse("appregister:publisher_home"),
        *[reverse("appregister:step", args=[draft.pk, s]) for s in ("produit", "usage")],
        reverse("appregister:step", args=[draft.pk, "reglementation"]),
        reverse("appregister:step", args=[draft.pk, "preuves"]),
        reverse("appregister:summary", args=[draft.pk]),
    ]
    client.force_login(publisher.user)
    assert check(client, publisher_pages) == []
    owner = Client()
    owner.force_login(valid.publisher.user)
    assert check(owner, [reverse("appregister:application", args=[valid.pk])]) == []
    client.force_login(assessor)
    body_pages = [
        reverse("appregister:body_home"),
        reverse("appregister:body_application", args=[valid.pk]),
    ]
    assert check(client, body_pages) == []


def test_the_doctor_space_links_to_the_register(doctor_client):
    page = doctor_client.get(reverse("doctor_space")).content.decode()
    assert reverse("appregister:register") in page
