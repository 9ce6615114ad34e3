"""The processings of personal data the portal performs, declared once, next to the models.

Each app lists its processings in a ``processings`` module (``PROCESSINGS = [Processing(...)]``).
The personal-data page, the staff's register of processing in admin and the retention tasks
all read :func:`processing_list`, so they cannot drift apart.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db.models import Model


class LegalBasis:
    """Article 6(1) GDPR, as the personal-data page words it."""

    CONSENT = "Consentement de la personne (article 6.1.a du RGPD)"
    CONTRACT = "Exécution d’un contrat ou de mesures précontractuelles (article 6.1.b du RGPD)"
    LEGAL_OBLIGATION = "Obligation légale (article 6.1.c du RGPD)"
    PUBLIC_INTEREST = "Mission d’intérêt public (article 6.1.e du RGPD)"
    LEGITIMATE_INTEREST = "Intérêt légitime (article 6.1.f du RGPD)"


NO_TRANSFER = "Aucun transfert hors de l’Union européenne."


@dataclass(frozen=True)
class Processing:
    key: str  # stable identifier, e.g. "contact.requests"
    name: str  # French, as the page and the register title it
    purpose: str
    legal_basis: str
    data: tuple[str, ...]
    retention: str  # French, e.g. "3 ans après la clôture de la demande"
    recipients: tuple[str, ...]
    # "app_label.ModelName" of every model whose rows hold this processing's personal data.
    models: tuple[str, ...] = ()
    # The period a retention task enforces, in days; None where the text above is the rule
    # (e.g. "as long as the doctor is on the roll") and no task deletes on a clock.
    retention_days: int | None = None
    # Dotted path of the function that enforces retention_days: called every day by
    # legal.tasks.retention_purge as `purge(*, older_than=<aware datetime>) -> int` (rows
    # deleted). It lives next to the models it deletes from (e.g. "guides.services.x_purge").
    purge: str | None = None
    transfers: str = NO_TRANSFER
    rights: tuple[str, ...] = field(
        default=("accès", "rectification", "effacement", "limitation", "opposition")
    )

    def model_classes(self) -> list[type[Model]]:
        """The declared models that exist (a label that does not resolve is left out)."""
        found: list[type[Model]] = []
        for label in self.models:
            try:
                found.append(apps.get_model(label))
            except (LookupError, ValueError):
                continue
        return found


@cache
def processing_list() -> tuple[Processing, ...]:
    """Every declared processing, in the order of INSTALLED_APPS."""
    found: list[Processing] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.processings")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.processings":
                raise
            continue
        found.extend(module.PROCESSINGS)
    keys = [p.key for p in found]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"Processing keys declared twice: {sorted(duplicates)}")
    return tuple(found)


def processing_get(key: str) -> Processing:
    for processing in processing_list():
        if processing.key == key:
            return processing
    raise LookupError(key)
