"""« Mes connexions » and the comparison offered after the first link."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import User
from deploy.psc_stub import person
from roll.models_changes import ChangeRequest
from tests.factories import TEST_PASSWORD, DoctorFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().replace("&nbsp;", " ").split())


@pytest.fixture
def linked(client, psc):
    """A doctor who entered through PSC for the first time; PSC's specialty differs."""
    doctor = DoctorFactory.create(specialty="Médecine générale", department="69")
    login = f"8{doctor.rpps}"
    psc.stub.add(login, person(rpps=doctor.rpps, last_name=doctor.last_name, specialty_code="SM40"))
    assert psc.login(client, login).status_code == 302
    return User.objects.get(doctor=doctor)


@pytest.mark.parametrize(
    "name", ["psc_connections", "psc_compare", "psc_connection_remove", "psc_compare_offer"]
)
def test_pages_need_a_login(client, name):
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_compare_shows_both_and_offers_a_change_request(client, linked):
    page = text(client.get(reverse("psc_compare")))
    assert "Médecine générale" in page
    assert "Pédiatrie" in page
    assert "Demander la correction du tableau" in page
    response = client.post(reverse("psc_compare_offer"))
    change = ChangeRequest.objects.get(doctor=linked.doctor)
    assert response["Location"] == reverse("roll:change_request_detail", args=[change.pk])
    assert change.changes == {"specialty": {"old": "Médecine générale", "new": "Pédiatrie"}}
    assert "Pro Santé Connect" in change.explanation
    linked.doctor.refresh_from_db()
    assert linked.doctor.specialty == "Médecine générale"  # the roll waits for the council
    # Offered twice: the one-open-request rule answers, nothing more is filed.
    client.post(reverse("psc_compare_offer"))
    assert ChangeRequest.objects.filter(doctor=linked.doctor).count() == 1


def test_psc_cannot_be_removed_while_it_is_the_only_way_in(client, linked):
    page = text(client.get(reverse("psc_connections")))
    assert "votre seul moyen de vous connecter" in page
    client.post(reverse("psc_connection_remove"))
    assert SocialAccount.objects.filter(user=linked).exists()
    linked.set_password(TEST_PASSWORD)
    linked.save()
    client.force_login(linked)
    assert "Retirer le lien" in text(client.get(reverse("psc_connections")))
    # Access confirmed first, as allauth asks before any disconnect.
    response = client.post(reverse("psc_connection_remove"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert SocialAccount.objects.filter(user=linked).exists()
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = client.post(reverse("psc_connection_remove"), follow=True)
    assert "a été retiré" in text(response)
    assert not SocialAccount.objects.filter(user=linked).exists()
    linked.refresh_from_db()
    assert linked.doctor is not None  # the roll link stays


def test_connections_offers_to_link_when_none(client, psc):
    user = User.objects.create_user(email="sans.lien@exemple.test", password="x" * 14)
    client.force_login(user)
    page = client.get(reverse("psc_connections")).content.decode()
    assert "Lier Pro Santé Connect à mon compte" in page
    assert 'name="process" value="connect"' in page


def test_a_removed_link_comes_back_only_through_psc(client, psc, linked):
    """After removal, the next PSC login of the same person lands on the same account again
    (the roll entry is theirs): a logged-in link; anonymous, it is refused as already taken."""
    linked.set_password(TEST_PASSWORD)
    linked.save()
    client.force_login(linked)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.post(reverse("psc_connection_remove"))
    assert not SocialAccount.objects.exists()
    client.logout()
    response = psc.login(client, f"8{linked.doctor.rpps}")
    assert response.status_code == 403
    assert "déjà rattachée à un compte" in text(response)


def test_another_account_neither_sees_nor_removes_the_link(client, linked):
    """Every PSC page acts on the logged-in account only: no id in the URL to try."""
    other = User.objects.create_user(email="autre@exemple.test", password="y" * 14)
    client.force_login(other)
    page = text(client.get(reverse("psc_connections")))
    assert "Retirer le lien" not in page
    assert "Lier Pro Santé Connect à mon compte" in page
    client.post(reverse("psc_connection_remove"))
    assert SocialAccount.objects.filter(user=linked).exists()
    # Not linked, not claimed: the comparison and the offer lead back to the space.
    assert client.get(reverse("psc_compare"))["Location"] == reverse("doctor_space")
    client.post(reverse("psc_compare_offer"))
    assert not ChangeRequest.objects.exists()
