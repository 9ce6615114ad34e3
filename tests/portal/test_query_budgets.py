"""Query budgets of the pages bench/web.py measures: an N+1 or a new query per page fails here.

Each budget is the count measured when it was set (PostgreSQL and SQLite agree), with the page
rendered for the request (the public page cache off, as in the other tests); the last test
shows that a public page answered from the cache costs no query at all. Raise a budget only
with the reason in the commit: every query is a round trip on every request of the page.
"""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client

from cotisations.services.campaigns import campaign_create, campaign_open_calls
from guides.loading import guides_load
from guides.models import Sheet
from tests.auth_helpers import enable_totp, force_mfa_login
from tests.factories import DoctorFactory, UserFactory
from tests.fixtures.vault import use_local_vault
from vault.services import AccessContext, document_store_chunks

pytestmark = pytest.mark.django_db

SHEET = "/guides/rgpd/dossier-patient/"
QUESTION = "Combien de temps conserver le dossier médical ?"


@pytest.fixture
def guides(db) -> None:
    migration = importlib.import_module("guides.migrations.0002_default_synonyms_and_hub_links")
    migration.create_defaults(django_apps, None)
    guides_load()
    assert Sheet.objects.filter(guide__slug="rgpd", slug="dossier-patient").exists()


@pytest.fixture
def roll(db):
    doctors = [DoctorFactory(last_name="Martin") for _ in range(30)]
    doctors += [DoctorFactory() for _ in range(30)]
    return [doctor.rpps for doctor in doctors]


@pytest.fixture
def busy_doctor_client(settings, tmp_path) -> Client:
    """A doctor with TOTP, a dues call and three documents: pages with something to show."""
    use_local_vault(settings, tmp_path / "vault")
    doctor = DoctorFactory()
    user = UserFactory.create(email="budget@exemple-medecin.test", doctor=doctor)
    enable_totp(user)
    campaign_open_calls(campaign_id=campaign_create(year=2027).pk)
    for k in range(3):
        document_store_chunks(
            owner=user,
            file_name=f"piece-{k}.pdf",
            chunks=[b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n"],
            ctx=AccessContext(actor=user),
        )
    client = Client()
    force_mfa_login(client, user)
    return client


def _get(client: Client, path: str, budget: int, assert_max) -> None:  # type: ignore[no-untyped-def]
    client.get(path)  # warm: per-process caches (URLs, vocabulary, assistant index)
    with assert_max(budget):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "budget"),
    [("/medecins/", 1), ("/patients/", 3), ("/", 0), ("/healthz", 1)],
)
def test_public_pages(client, guides, path, budget, django_assert_max_num_queries):
    _get(client, path, budget, django_assert_max_num_queries)


def test_guide_sheet(client, guides, django_assert_max_num_queries):
    _get(client, SHEET, 3, django_assert_max_num_queries)


def test_assistant(client, guides, django_assert_max_num_queries):
    _get(client, f"/assistant/?q={QUESTION}", 1, django_assert_max_num_queries)


def test_directory_search(client, roll, django_assert_max_num_queries):
    _get(client, "/annuaire/?q=martin", 2, django_assert_max_num_queries)


def test_directory_entry(client, roll, django_assert_max_num_queries):
    _get(client, f"/annuaire/{roll[0]}/", 1, django_assert_max_num_queries)


@pytest.mark.parametrize(
    ("path", "budget"),
    # /espace/cotisations/: 6 with the calls of the companies the doctor pays for (one query,
    # their payments one more only when there are some: tests/cotisations/test_company_pages.py)
    # and the direct-debit panel's plan (debits.selectors.plan_for_call).
    [
        # the user, its roll entry and its second factor in one query (accounts/auth_backends.py)
        ("/espace/", 4),
        ("/espace/cotisations/", 6),
        ("/espace/cotisations/historique/", 3),
        # and the pending « nouvelle version » offers of G3's versions (vault.versions)
        ("/espace/coffre/", 7),
    ],
)
def test_doctor_pages(busy_doctor_client, path, budget, django_assert_max_num_queries):
    _get(busy_doctor_client, path, budget, django_assert_max_num_queries)


def test_dues_history_of_thirty_years(doctor_client, django_assert_max_num_queries):
    """A doctor of 30 years, each year paid: the page costs what one year costs."""
    from cotisations.models import DuesCall, PaymentMethod
    from cotisations.services.calls import payment_record_offline

    for year in range(1997, 2027):
        campaign_open_calls(campaign_id=campaign_create(year=year).pk)
    for call in DuesCall.objects.all():
        payment_record_offline(
            call_id=call.pk,
            amount_cents=call.amount_cents,
            method=PaymentMethod.CHEQUE,
            received_on=datetime.date(call.campaign.year, 2, 1),
            reference=f"CHQ {call.campaign.year}",
            actor=None,
        )
    assert DuesCall.objects.count() == 30
    _get(doctor_client, "/espace/cotisations/historique/", 3, django_assert_max_num_queries)


@pytest.mark.parametrize("path", ["/medecins/", "/patients/", SHEET, "/annuaire/?q=martin"])
def test_a_public_page_from_the_cache_costs_no_query(
    client, guides, roll, settings, path, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    client.get(path)
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200
