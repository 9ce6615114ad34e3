"""Which rows the personal pages show, and whose pages a change to one makes stale (W1).

Every model of the portal's apps (and allauth's account, mfa and socialaccount) is in one of
three groups, and `tests/portal/test_personal_sources.py` fails when a new model is in none:

- *owned*: a chain of foreign keys (at most three) leads from it to an account
  (`accounts.User`) or to a roll entry (`roll.Doctor`, whose account is then looked up). A
  change to such a row makes its people's pages stale. The chains are found from the models
  themselves, so a new model that belongs to someone is covered without being listed here;
- *shared*: rows every doctor's pages may show (a campaign's amounts and deadline, a council's
  address): a change makes every personal page stale;
- *unseen*: rows no personal page shows (journals, counters, staff's work queues), or that
  change on every visit and would empty the cache for nothing (the vault's access journal).

Bulk writes (`QuerySet.update`, `bulk_create`) send no signal: the services that make them on
owned rows call `personal_pages_invalidate` themselves.
"""

import logging
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save

from portal.personal_cache import personal_pages_invalidate, personal_pages_invalidate_all

logger = logging.getLogger(__name__)

ALLAUTH_APPS = ("account", "mfa", "socialaccount")
DOCTOR = "roll.Doctor"
MAX_HOPS = 3

SHARED = frozenset(
    {
        "cotisations.Campaign",  # amounts, deadline
        "cotisations.Tariff",
        "councils.Council",  # the council's name and address on /espace/
        "roll.Company",  # a company's dues on /espace/cotisations/
        "registrations.Specialty",  # the specialty's label
    }
)

UNSEEN = frozenset(
    {
        # Journals written on every visit or download: they have their own, uncached pages.
        "vault.AccessLogEntry",
        "roll.ChangeDocumentAccess",
        "registrations.DocumentAccess",
        # The public directory's copy of the roll, rebuilt in bulk; no personal page shows it.
        "directory.DirectoryEntry",
        "directory.SpecialtyVocabulary",
        "directory.VocabularyState",
        # Steps of other pages (claim, e-mail confirmation, sign-in with Pro Santé Connect).
        "accounts.ClaimChallenge",
        "account.EmailConfirmation",
        "socialaccount.SocialApp",
        "socialaccount.SocialToken",
        # Counters, queues and logs of staff's and tasks' work.
        "cotisations.ProviderEvent",
        "cotisations.ReceiptCounter",
        "cotisations.ReminderLog",
        "contact.ReferenceCounter",
        "legal.ProcessingRegister",
        "portal.HubBlock",
        # The guides and the assistant: public pages, with their own cache.
        "guides.Guide",
        "guides.Sheet",
        "guides.SheetRevision",
        "guides.Synonym",
        "guides.SearchIndexState",
        "guides.UnansweredQuestion",
        "guides.AssistantFeedback",
        "ereputation.Cue",
        # The register of assessed apps: public pages and the publishers' own, uncached.
        "appregister.CertificationBody",
        "appregister.FrameworkVersion",
        "appregister.Domain",
        "appregister.Criterion",
        "appregister.LabelCounter",
        "appregister.RenewalReminder",
    }
)

Chain = tuple[str, ...]


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _forward_keys(model: type[models.Model]) -> Iterator[models.ForeignKey[Any, Any]]:
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey) and not field.auto_created:
            yield field


def _chains(model: type[models.Model], hops: int = MAX_HOPS) -> list[tuple[Chain, str]]:
    """Each chain of foreign keys from `model` to an account ("user") or a roll entry."""
    user_label = settings.AUTH_USER_MODEL
    found: list[tuple[Chain, str]] = []
    for field in _forward_keys(model):
        target = field.related_model
        assert isinstance(target, type)
        label = _label(target)
        if label == user_label:
            found.append(((field.name,), "user"))
        elif label == DOCTOR:
            found.append(((field.name,), "doctor"))
        elif hops > 1 and target is not model:
            found += [((field.name, *chain), kind) for chain, kind in _chains(target, hops - 1)]
    return found


@cache
def chains_of(label: str) -> tuple[tuple[Chain, str], ...]:
    model = apps.get_model(label)
    if _label(model) == settings.AUTH_USER_MODEL:
        return ((("pk",), "user"),)
    if label == DOCTOR:
        return ((("pk",), "doctor"),)
    return tuple(_chains(model))


def watched_models() -> list[type[models.Model]]:
    """The models of the portal's own apps and of allauth's account, mfa and socialaccount."""
    root = Path(__file__).resolve().parent.parent
    return [
        model
        for config in apps.get_app_configs()
        if config.label in ALLAUTH_APPS
        or (Path(config.path).is_relative_to(root) and "site-packages" not in config.path)
        for model in config.get_models()
    ]


def _follow(instance: models.Model, chain: Chain) -> object:
    value: Any = instance
    for name in chain[:-1]:
        value = getattr(value, name)
        if value is None:
            return None
    last = chain[-1]
    if last == "pk":
        return value.pk
    return getattr(value, value._meta.get_field(last).attname)


def people_of(instance: models.Model) -> set[object] | None:
    """The accounts whose pages show `instance`, or None when they cannot be told (a parent
    already deleted in a cascade): then every page is treated as stale."""
    from accounts.models import User

    users: set[Any] = set()
    doctors: set[Any] = set()
    try:
        for chain, kind in chains_of(_label(type(instance))):
            value = _follow(instance, chain)
            if value is not None:
                (users if kind == "user" else doctors).add(value)
    except ObjectDoesNotExist:
        return None
    if doctors:
        users |= set(User.objects.filter(doctor_id__in=doctors).values_list("pk", flat=True))
    return users


def personal_pages_invalidate_for(instance: models.Model) -> None:
    """The pages showing `instance` are stale: for a service that changed it in bulk."""
    if not settings.PERSONAL_PAGE_CACHE_SECONDS:
        return  # nothing stored to make stale
    if _label(type(instance)) in SHARED:
        personal_pages_invalidate_all()
        return
    people = people_of(instance)
    if people is None:
        personal_pages_invalidate_all()
    else:
        personal_pages_invalidate(people)


def _changed(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not kwargs.get("raw"):  # not fixtures being loaded
        personal_pages_invalidate_for(instance)


def connect() -> None:
    """Connect the signals of every owned and shared model (PortalConfig.ready)."""
    for model in watched_models():
        label = _label(model)
        if label in UNSEEN or not (label in SHARED or chains_of(label)):
            continue
        uid = f"personal-pages:{label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete", weak=False)


def unassigned(labels: Iterable[str]) -> list[str]:
    """Models in no group: neither owned, shared nor unseen (the test lists them)."""
    return [label for label in labels if label not in SHARED | UNSEEN and not chains_of(label)]
