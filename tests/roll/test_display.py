"""A doctor's situation agrees with their civility: "Radiée" for Mme, "Radié" for M."""

import html

import pytest
from django.urls import reverse

from roll.display import practice_status_label, status_label
from roll.models import Civility, DoctorStatus
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "masculine", "feminine"),
    [
        (DoctorStatus.ACTIVE, "En activité", "En activité"),
        (DoctorStatus.RETIRED_ACTIVE, "Retraité en activité", "Retraitée en activité"),
        (DoctorStatus.RETIRED, "Retraité sans activité", "Retraitée sans activité"),
        (DoctorStatus.SUSPENDED, "Suspendu", "Suspendue"),
        (DoctorStatus.STRUCK_OFF, "Radié", "Radiée"),
    ],
)
def test_the_roll_status_agrees_with_the_civility(status, masculine, feminine):
    assert status_label(DoctorFactory.build(civility=Civility.MR, status=status)) == masculine
    assert status_label(DoctorFactory.build(civility=Civility.MRS, status=status)) == feminine


@pytest.mark.parametrize(
    ("practice_status", "masculine", "feminine"),
    [
        (
            "authorised",
            "Inscrit au tableau, autorisé à exercer",
            "Inscrite au tableau, autorisée à exercer",
        ),
        ("retired", "Retraité", "Retraitée"),
        ("not_authorised", "Non autorisé à exercer", "Non autorisée à exercer"),
    ],
)
def test_the_directory_status_agrees_with_the_civility(practice_status, masculine, feminine):
    def label(civility: str) -> str:
        return practice_status_label(
            practice_status=practice_status, label=masculine, civility=civility
        )

    assert label(Civility.MR) == masculine
    assert label(Civility.MRS) == feminine
    assert label("") == masculine  # no civility on the roll: the label as written


def test_an_unknown_practice_status_keeps_its_label():
    assert practice_status_label(practice_status="autre", label="Autre", civility="MME") == "Autre"


def test_directory_entries_agree_with_each_doctor(client):
    her = DoctorFactory(civility=Civility.MRS, status=DoctorStatus.SUSPENDED)
    him = DoctorFactory(civility=Civility.MR, status=DoctorStatus.SUSPENDED)

    her_page = client.get(reverse("directory_entry", args=[her.rpps])).content.decode()
    his_page = client.get(reverse("directory_entry", args=[him.rpps])).content.decode()

    assert "Non autorisée à exercer" in her_page
    assert "Non autorisée à exercer" not in his_page
    assert "Non autorisé à exercer" in his_page


@pytest.mark.parametrize(
    ("civility", "shown", "not_shown"),
    [
        (Civility.MRS, "Retraitée en activité", "Retraité en activité"),
        (Civility.MR, "Retraité en activité", "Retraitée"),
    ],
)
def test_the_doctor_space_shows_the_situation_in_the_doctor_s_gender(
    client, civility, shown, not_shown
):
    user = UserFactory.create(
        email="situation@exemple-medecin.test",
        doctor=DoctorFactory.create(civility=civility, status=DoctorStatus.RETIRED_ACTIVE),
    )
    force_mfa_login(client, user)

    page = html.unescape(client.get(reverse("doctor_space")).content.decode())

    assert f"<dd>{shown}</dd>" in page
    assert not_shown not in page
