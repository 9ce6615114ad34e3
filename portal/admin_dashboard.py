"""What waits for staff, counted for the admin landing page (the « À traiter » panel).

Each line is a count and a link to the admin changelist filtered on the same condition, so
that what staff click on is exactly what was counted. A line is shown only to staff who may
view the model. The contact app may be absent (it is optional in this codebase's history):
its line is then simply left out.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from cotisations import selectors as dues_selectors
from cotisations.models import Instalment, InstalmentStatus, Payment, PaymentStatus
from exemptions.models import ExemptionRequest, ExemptionStatus
from registrations.models import RegistrationRequest, RegistrationStatus
from roll.models import ChangeRequest, ChangeStatus


@dataclass(frozen=True)
class WaitingItem:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class _Line:
    label: str
    queryset: QuerySet[Model]
    filters: dict[str, str]


def _changelist_url(model: type[Model], filters: dict[str, str]) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}"


def _contact_line() -> _Line | None:
    """Contact requests that are new or in progress, when the contact app provides them."""
    if not apps.is_installed("contact"):
        return None
    try:
        model = apps.get_model("contact", "ContactRequest")
    except LookupError:
        return None
    try:
        field = model._meta.get_field("status")
    except FieldDoesNotExist:
        return None
    known = {str(value) for value, _label in (field.choices or [])}
    waiting = getattr(model, "WAITING_STATUSES", ())
    statuses = [str(status) for status in waiting if str(status) in known]
    if not statuses:
        return None
    return _Line(
        label="Demandes de contact nouvelles ou en cours",
        queryset=model._default_manager.filter(status__in=statuses),
        filters={"status__in": ",".join(statuses)},
    )


def _lines() -> list[_Line]:
    lines = [
        _Line(
            label="Demandes de première inscription à examiner",
            queryset=RegistrationRequest.objects.filter(status=RegistrationStatus.SUBMITTED),
            filters={"status__exact": RegistrationStatus.SUBMITTED},
        ),
        _Line(
            label="Demandes de modification du tableau en attente",
            queryset=ChangeRequest.objects.filter(status=ChangeStatus.PENDING),
            filters={"status__exact": ChangeStatus.PENDING},
        ),
        _Line(
            label="Demandes d’exonération de cotisation à décider",
            queryset=ExemptionRequest.objects.filter(status=ExemptionStatus.SUBMITTED),
            filters={"status__exact": ExemptionStatus.SUBMITTED},
        ),
    ]
    contact = _contact_line()
    if contact is not None:
        lines.append(contact)
    lines += [
        _Line(
            label="Avis de paiement signés mais inapplicables (montant, devise, référence…)",
            queryset=dues_selectors.provider_events_to_review(),
            filters={
                dues_selectors.EVENTS_TO_REVIEW_PARAMETER: dues_selectors.EVENTS_TO_REVIEW_VALUE
            },
        ),
        _Line(
            label="Règlements à rapprocher (reçus sans rien à régler, à rembourser)",
            queryset=Payment.objects.filter(status=PaymentStatus.REFUND_DUE),
            filters={"status__exact": PaymentStatus.REFUND_DUE},
        ),
        _Line(
            label="Règlements contestés par le payeur (litige ouvert ou perdu)",
            queryset=Payment.objects.filter(status=PaymentStatus.DISPUTED),
            filters={"status__exact": PaymentStatus.DISPUTED},
        ),
        _Line(
            label="Prélèvements échoués",
            queryset=Instalment.objects.filter(status=InstalmentStatus.FAILED),
            filters={"status__exact": InstalmentStatus.FAILED},
        ),
    ]
    return lines


def waiting_items(*, user: User) -> list[WaitingItem]:
    """The lines of the « À traiter » panel that `user` may open, with their counts.

    A model without an admin (e.g. the contact app before its admin exists) has no list to
    link to: its line is left out rather than breaking the index.
    """
    items = []
    for line in _lines():
        if not admin.site.is_registered(line.queryset.model):
            continue
        opts = line.queryset.model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}") and not user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        ):
            continue
        items.append(
            WaitingItem(
                label=line.label,
                count=line.queryset.count(),
                url=_changelist_url(line.queryset.model, line.filters),
            )
        )
    return items
