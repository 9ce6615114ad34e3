"""Admin of portal users (email login) and the read-only claim challenges."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ClaimChallenge, User
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE_HASH = "ab" * 32


@pytest.fixture
def challenge():
    doctor = DoctorFactory.create()
    user = UserFactory.create(email="claire@exemple.test")
    return ClaimChallenge.objects.create(
        user=user,
        doctor=doctor,
        code_hash=CODE_HASH,
        sent_at=timezone.now(),
        expires_at=timezone.now(),
    )


def test_users_are_searched_by_email_and_rpps(staff_client, challenge):
    linked = UserFactory.create(email="lie@exemple.test", doctor=challenge.doctor)
    url = reverse("admin:accounts_user_changelist")

    by_email = staff_client.get(url, {"q": "lie@exemple"}).content.decode()
    by_rpps = staff_client.get(url, {"q": challenge.doctor.rpps}).content.decode()

    assert linked.email in by_email
    assert "claire@exemple.test" not in by_email
    assert linked.email in by_rpps


def test_staff_creates_a_user_by_email(staff_client):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Nouveau@Exemple.test",
            "first_name": "Anne",
            "last_name": "Petit",
            "usable_password": "true",
            "password1": "cheval-agrafe-batterie-9",
            "password2": "cheval-agrafe-batterie-9",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="nouveau@exemple.test")
    assert user.check_password("cheval-agrafe-batterie-9")


def test_duplicate_email_is_refused(staff_client):
    UserFactory.create(email="pris@exemple.test")
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "PRIS@exemple.test", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert "Un compte utilise déjà cette adresse électronique." in response.content.decode()
    assert User.objects.filter(email__iexact="pris@exemple.test").count() == 1


def test_claim_challenges_are_read_only_and_hide_the_hash(staff_client, challenge):
    changelist = staff_client.get(reverse("admin:accounts_claimchallenge_changelist"))
    detail = staff_client.get(reverse("admin:accounts_claimchallenge_change", args=[challenge.pk]))

    for response in (changelist, detail):
        assert response.status_code == 200
        page = response.content.decode()
        assert CODE_HASH not in page
        assert challenge.doctor.rpps not in page
        assert challenge.doctor.rpps[-4:] in page
    assert staff_client.get(reverse("admin:accounts_claimchallenge_add")).status_code == 403
    response = staff_client.post(
        reverse("admin:accounts_claimchallenge_delete", args=[challenge.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ClaimChallenge.objects.filter(pk=challenge.pk).exists()
