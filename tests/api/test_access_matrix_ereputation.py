"""The e-reputation helper's URLs, tried by every other account and without a second factor.

Doctor A keeps an analysis. Doctor B gets 404 on its page and on its deletion, logged on
`portal.access` and `django.request`, and never sees A's review; the student and the staff
member have no roll entry and are sent to claim one; a doctor without a second factor is sent
to enable it, like the vault, before anything is analysed. Nothing changes.
"""

import datetime
import logging

import pytest
from django.test import Client
from django.urls import reverse

from ereputation.models import KeptAnalysis
from ereputation.services import kept_analysis_keep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Le docteur A est un escroc, signé Hortense."


@pytest.fixture
def kept_by_a(people):
    return kept_analysis_keep(
        owner=people["medecin_a"].user,
        text=SECRET,
        platform="google",
        published_on=datetime.date.today() - datetime.timedelta(days=3),
        url="",
        categories=("diffamation",),
    )


def review():
    return {
        "text": SECRET,
        "platform": "google",
        "published_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "url": "",
    }


def state():
    return sorted(KeptAnalysis.objects.values_list("pk", "owner_id", "storage_name"))


def test_another_doctors_kept_analysis_answers_404(people, kept_by_a, caplog):
    a, b = people["medecin_a"], people["medecin_b"]
    page = reverse("ereputation:kept", args=[kept_by_a.pk])
    delete = reverse("ereputation:delete", args=[kept_by_a.pk])
    assert a.web.get(page).status_code == 200
    before = state()
    for method, url in (("get", page), ("post", delete)):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            response = getattr(b.web, method)(url)
        assert response.status_code == 404, url
        assert "Hortense" not in response.content.decode()
        assert any(r.name == "portal.access" for r in caplog.records), url
        assert any(r.name == "django.request" and url in r.getMessage() for r in caplog.records)
    assert "Hortense" not in b.web.get(reverse("ereputation:home")).content.decode()
    assert state() == before


def test_accounts_without_a_roll_entry_are_sent_to_claim_one(people, kept_by_a):
    urls = [
        ("get", reverse("ereputation:home")),
        ("get", reverse("ereputation:kept", args=[kept_by_a.pk])),
        ("post", reverse("ereputation:analyse")),
        ("post", reverse("ereputation:keep")),
        ("post", reverse("ereputation:delete", args=[kept_by_a.pk])),
        ("post", reverse("ereputation:download", args=["preuves", "txt"])),
    ]
    before = state()
    for key in ("etudiant", "staff"):
        for method, url in urls:
            response = getattr(people[key].web, method)(url, review() if method == "post" else None)
            assert response.status_code == 302, f"{key} {url}"
            assert response["Location"] == reverse("claim_start"), f"{key} {url}"
    assert state() == before


def test_a_doctor_without_a_second_factor_is_sent_to_enable_it(kept_by_a):
    user = UserFactory.create(with_doctor=True)
    web = Client()
    web.force_login(user)
    for method, url in [
        ("get", reverse("ereputation:home")),
        ("post", reverse("ereputation:analyse")),
        ("post", reverse("ereputation:reply")),
        ("post", reverse("ereputation:keep")),
        ("post", reverse("ereputation:download", args=["dsa", "pdf"])),
        ("get", reverse("ereputation:kept", args=[kept_by_a.pk])),
    ]:
        response = getattr(web, method)(url, review() if method == "post" else None)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_index"), url
    assert not KeptAnalysis.objects.filter(owner=user).exists()


def test_anonymous_requests_go_to_login(kept_by_a):
    web = Client()
    for url in (reverse("ereputation:home"), reverse("ereputation:kept", args=[kept_by_a.pk])):
        response = web.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = web.post(reverse("ereputation:analyse"), review())
    assert response.status_code == 302


def test_admin_answers_403_to_everyone_without_the_permission(people, kept_by_a, staff_client):
    urls = [
        reverse("admin:ereputation_cue_changelist"),
        reverse("admin:ereputation_keptanalysis_changelist"),
        reverse("admin:ereputation_keptanalysis_change", args=[kept_by_a.pk]),
    ]
    for url in urls:
        for key in ("medecin_a", "medecin_b", "etudiant", "staff"):
            assert people[key].web.get(url, follow=True).status_code == 403, f"{key} {url}"
        # A superuser sees the metadata, never the review (it is only in the ciphertext).
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "Hortense" not in response.content.decode()
