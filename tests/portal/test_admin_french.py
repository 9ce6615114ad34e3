"""The staff admin speaks French: no English label on the index, any changelist or form."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from portal.admin_labels import permission_label
from portal.admin_site import hide_unused_social_accounts

pytestmark = pytest.mark.django_db

# English left over in what staff read. Word boundaries keep French words (« intervalle »,
# « Tokens » is never French) from matching; the grammar slip of django-celery-beat's own
# French (« Tâches périodique ») is caught too.
ENGLISH = [
    r"\bAuthenticators?\b",
    r"\bauthenticators?\b",
    r"\bIntervals?\b",
    r"\bIntervales?\b",
    r"\bCrontabs?\b",
    r"\bPeriodic\b",
    r"\bperiodic\b",
    r"\b[Cc]locked\b",
    r"\bSolar\b",
    r"\bsolar\b",
    r"\bTokens?\b",
    r"\b[Ee]mail address",
    r"\bAdd ",
    r"\bChange ",
    r"\bSelect ",
    r" to change\b",
    r"\bCan (add|change|delete|view)\b",
    r"\b[Cc]reated at\b",
    r"\b[Uu]pdated at\b",
    r"\b[Ll]ast used\b",
    r"\bHuman readable\b",
    r"\bScheduler\b",
    r"\bTask Name\b",
    r"\bSocial Accounts\b",
    r"\bAccounts\b",
    r"\bUser\b",
    r"\bEvery\b",
    r"\bProvider\b",
    r"\bMFA\b",
    r"\bAuth Token\b",
    r"Tâches [Pp]ériodique\b",
    r"\bÉvènements solaire\b",
    r"\bpersonalisée\b",
    r"\b(Owner|Call|Request|Sheet|Actor|Plan) :",
]
ENGLISH_RE = re.compile("|".join(f"(?:{pattern})" for pattern in ENGLISH))


def visible_text(content: bytes) -> str:
    """What staff read: scripts, styles and code identifiers (app_label.Model) left out."""
    page = content.decode()
    page = re.sub(r"<(script|style|template|code)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


def english_in(content: bytes) -> list[str]:
    text = visible_text(content)
    return sorted({text[max(0, m.start() - 40) : m.end() + 40] for m in ENGLISH_RE.finditer(text)})


@pytest.fixture
def a_periodic_task() -> None:
    crontab = CrontabSchedule.objects.create(minute="15", hour="4")
    PeriodicTask.objects.create(name="Essai", task="vault.tasks.vault_purge_trash", crontab=crontab)


def admin_pages() -> list[str]:
    """The index, then each registered model's changelist, add page and first change page."""
    pages = [reverse("admin:index")]
    for model in list(admin.site._registry):
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        # The register of processings is a page built from code, with no table behind it.
        first = model._default_manager.order_by("pk").first() if opts.managed else None
        if first is not None:
            pages.append(reverse(f"{prefix}_change", args=[first.pk]))
    return pages


def test_the_word_list_catches_english_and_spares_french():
    assert english_in(b"<h1>Select authenticator to change</h1>")
    assert english_in(b"<p>T\xc3\xa2ches p\xc3\xa9riodique</p>")
    assert english_in(b"<th>Created at</th>")
    assert not english_in(
        "<p>Intervalles, tâches périodiques, jetons d’API, planification cron, "
        "moyens de double authentification</p>".encode()
    )


def test_no_english_label_on_any_admin_page(staff_client, a_periodic_task):
    reverse("admin:index")  # loads the URLconf, which hides the unused social-account models
    leftovers = {}
    for url in admin_pages():
        response = staff_client.get(url)
        assert response.status_code in (200, 403), url
        if response.status_code == 200:
            found = english_in(response.content)
            if found:
                leftovers[url] = found
    assert leftovers == {}


def test_the_index_names_third_party_apps_in_french(staff_client):
    text = visible_text(staff_client.get(reverse("admin:index")).content)
    for name in [
        "Tâches périodiques",
        "Intervalles",
        "Planifications à date fixe",
        "Planifications cron",
        "Événements solaires",
        "Double authentification",
        "Moyens de double authentification",
        "Adresses électroniques des comptes",
        "Jetons d’API",
    ]:
        assert name in text, name


def test_crontabs_are_described_in_french(staff_client, a_periodic_task):
    response = staff_client.get(reverse("admin:django_celery_beat_crontabschedule_changelist"))
    text = visible_text(response.content)
    assert "À 04:15" in text
    assert "AM" not in text.replace("AMQP", "")


def test_social_account_models_are_hidden_without_providers():
    reverse("admin:index")
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    for model in (SocialApp, SocialAccount, SocialToken):
        assert not admin.site.is_registered(model)


def test_social_account_models_stay_once_a_provider_is_configured():
    from allauth.socialaccount.admin import SocialAppAdmin
    from allauth.socialaccount.models import SocialApp

    site = AdminSite(name="essai")
    site.register(SocialApp, SocialAppAdmin)
    with override_settings(SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": []}}):
        hide_unused_social_accounts(site)
    assert site.is_registered(SocialApp)
    hide_unused_social_accounts(site)
    assert not site.is_registered(SocialApp)


def test_default_permissions_read_in_french():
    permission = Permission.objects.get(codename="change_user")
    assert permission_label(permission) == "Comptes | utilisateur | Peut modifier"
    assert str(permission) == "Comptes | utilisateur | Peut modifier"
    view = Permission.objects.get(codename="view_periodictask")
    assert permission_label(view) == "Tâches périodiques | tâche périodique | Peut voir"
