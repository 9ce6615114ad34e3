"""Where each right is exercised: the personal-data page links every one of them, the doctor
and student spaces link the export and the closure, the contact form opens on the topic."""

import pytest
from django.test import Client
from django.urls import reverse

from contact.models import ContactRequest, Topic
from contact.services import contact_request_create
from tests.privacy.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_each_right_links_where_it_is_exercised(shipped_guides):
    page = Client().get(reverse("legal:personal_data")).content.decode()
    assert reverse("privacy:data") in page  # access, portability
    assert reverse("roll:change_request_create") in page  # rectification
    assert reverse("privacy:close") in page  # erasure
    assert f"{reverse('contact:form')}?sujet=opposition" in page
    assert f"{reverse('contact:form')}?sujet=limitation" in page


@pytest.mark.parametrize(
    ("topic", "label"),
    [("opposition", "Opposition au traitement"), ("limitation", "Limitation du traitement")],
)
def test_the_contact_form_opens_on_the_right(topic, label):
    page = Client().get(reverse("contact:form"), {"sujet": topic}).content.decode()
    assert f'value="{topic}" selected' in page
    assert label in page


def test_objection_and_restriction_go_to_the_national_council(db):
    for topic in (Topic.OBJECTION, Topic.RESTRICTION):
        request = contact_request_create(
            topic=topic,
            department="69",
            name="Camille Lefèvre",
            email="camille@exemple.test",
            message="Je m’oppose à la publication de mon adresse.",
        )
        assert ContactRequest.objects.get(pk=request.pk).council.code != "69"


def test_the_doctor_space_links_the_rights(busy_doctor):
    page = logged_in(busy_doctor.user).get(reverse("doctor_space")).content.decode()
    assert reverse("privacy:data") in page
    assert reverse("privacy:close") in page


def test_the_student_space_links_the_rights(busy_student):
    client = logged_in(busy_student.user)
    page = client.get(reverse("registrations:status")).content.decode()
    assert reverse("privacy:data") in page
    assert reverse("privacy:close") in page
    data = client.get(reverse("privacy:data")).content.decode()
    # No vault for a student: no box to include its documents.
    assert "Inclure les documents" not in data


def test_the_pages_need_a_login():
    for name in ("privacy:data", "privacy:close"):
        response = Client().get(reverse(name))
        assert response["Location"].startswith(reverse("account_login")), name
    assert Client().get(reverse("privacy:export_request"))["Location"] == reverse("privacy:data")
