"""Reads of the register: the publisher's own applications and the body's assigned ones
(owner-scoped, a logged 404 otherwise), the public register, the verification of a number."""

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from appregister.models import (
    LABELLED_STATUSES,
    AppApplication,
    ApplicationStatus,
    BodyMembership,
    Criterion,
    CriterionResult,
    Domain,
    Evidence,
    EvidenceDocument,
    Label,
    Publisher,
    ResultValue,
)
from portal.access import owned_or_404

S = ApplicationStatus

# What a body's assessors see: from the assignment on (an earlier file is not theirs yet).
BODY_STATUSES = (S.ASSIGNED, S.ASSESSED, S.GRANTED, S.REFUSED, S.SUSPENDED, S.WITHDRAWN)


def publisher_for(*, user: User) -> Publisher | None:
    if not user.is_authenticated:
        return None
    return Publisher.objects.filter(user=user).first()


def membership_for(*, user: User) -> BodyMembership | None:
    if not user.is_authenticated:
        return None
    return BodyMembership.objects.select_related("body").filter(user=user).first()


def publisher_applications(*, user: User) -> QuerySet[AppApplication]:
    return (
        AppApplication.objects.filter(publisher__user_id=user.pk)
        .select_related("framework", "body", "label", "publisher")
        .order_by("-created_at", "-pk")
    )


def publisher_application_get(*, user: User, pk: int) -> AppApplication:
    return owned_or_404(publisher_applications(user=user), user_id=user.pk, pk=pk)


def publisher_document_get(*, user: User, application_pk: int, pk: UUID) -> EvidenceDocument:
    documents = EvidenceDocument.objects.filter(
        application__publisher__user_id=user.pk, application_id=application_pk
    )
    return owned_or_404(documents, user_id=user.pk, pk=pk)


def body_applications(*, user: User) -> QuerySet[AppApplication]:
    """Applications assigned to the user's body; nothing for anyone else."""
    membership = membership_for(user=user)
    if membership is None:
        return AppApplication.objects.none()
    return (
        AppApplication.objects.filter(body_id=membership.body_id, status__in=BODY_STATUSES)
        .select_related("framework", "publisher", "body")
        .order_by("-assigned_at", "-pk")
    )


def body_application_get(*, user: User, pk: int) -> AppApplication:
    return owned_or_404(body_applications(user=user), user_id=user.pk, pk=pk)


def body_document_get(*, user: User, application_pk: int, pk: UUID) -> EvidenceDocument:
    documents = EvidenceDocument.objects.filter(
        application__in=body_applications(user=user), application_id=application_pk
    )
    return owned_or_404(documents, user_id=user.pk, pk=pk)


@dataclass
class CriterionRow:
    criterion: Criterion
    evidence: str
    documents: list[EvidenceDocument]
    result: CriterionResult | None


@dataclass
class DomainRows:
    domain: Domain
    rows: list[CriterionRow]


def application_criteria(*, application: AppApplication) -> list[DomainRows]:
    """The application's framework version, domain by domain, with what the publisher gave
    and what the body recorded for each criterion."""
    evidence = {e.criterion_id: e.text for e in Evidence.objects.filter(application=application)}
    documents: dict[int, list[EvidenceDocument]] = {}
    for document in EvidenceDocument.objects.filter(application=application):
        documents.setdefault(document.criterion_id, []).append(document)
    results = {r.criterion_id: r for r in CriterionResult.objects.filter(application=application)}
    domains = Domain.objects.filter(version=application.framework_id).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk"))
    )
    return [
        DomainRows(
            domain=domain,
            rows=[
                CriterionRow(
                    criterion=c,
                    evidence=evidence.get(c.pk, ""),
                    documents=documents.get(c.pk, []),
                    result=results.get(c.pk),
                )
                for c in domain.criteria.all()
            ],
        )
        for domain in domains
    ]


# --- The public register ------------------------------------------------------------------


class RegisterState:
    """The public states of a listed app (the `etat` filter)."""

    VALID = "valide"
    SUSPENDED = "suspendu"
    WITHDRAWN = "retire"
    EXPIRED = "expire"
    CHOICES = [
        (VALID, "Label en cours de validité"),
        (SUSPENDED, "Label suspendu"),
        (WITHDRAWN, "Label retiré"),
        (EXPIRED, "Label expiré"),
    ]


def register_state(application: AppApplication, today: datetime.date) -> str:
    if application.status == S.WITHDRAWN:
        return RegisterState.WITHDRAWN
    if application.label.is_expired_on(today):
        return RegisterState.EXPIRED
    if application.status == S.SUSPENDED:
        return RegisterState.SUSPENDED
    return RegisterState.VALID


def register_queryset() -> QuerySet[AppApplication]:
    return (
        AppApplication.objects.filter(status__in=LABELLED_STATUSES, label__isnull=False)
        .select_related("publisher", "label", "framework")
        .order_by("name", "pk")
    )


PLATFORM_FILTERS = {
    "ios": "on_ios",
    "android": "on_android",
    "web": "on_web",
    "objet": "on_device",
}


def register_search(
    *,
    text: str = "",
    use_domain: str = "",
    platform: str = "",
    audience: str = "",
    medical_device: str = "",
    state: str = "",
    today: datetime.date | None = None,
) -> QuerySet[AppApplication]:
    """The listed apps matching every filter given (all of them when none is)."""
    today = today or timezone.localdate()
    apps = register_queryset()
    for word in text.split():
        apps = apps.filter(
            Q(name__icontains=word)
            | Q(publisher__company_name__icontains=word)
            | Q(purpose__icontains=word)
            | Q(label__number__iexact=word)
        )
    if use_domain:
        apps = apps.filter(use_domain=use_domain)
    if platform in PLATFORM_FILTERS:
        apps = apps.filter(**{PLATFORM_FILTERS[platform]: True})
    if audience:
        apps = apps.filter(Q(audience=audience) | Q(audience="both"))
    if medical_device == "oui":
        apps = apps.filter(regulatory_status="md")
    elif medical_device == "non":
        apps = apps.filter(regulatory_status="not_md")
    in_force = Q(label__valid_until__gte=today)
    if state == RegisterState.VALID:
        apps = apps.filter(in_force, status=S.GRANTED)
    elif state == RegisterState.SUSPENDED:
        apps = apps.filter(in_force, status=S.SUSPENDED)
    elif state == RegisterState.WITHDRAWN:
        apps = apps.filter(status=S.WITHDRAWN)
    elif state == RegisterState.EXPIRED:
        apps = apps.filter(~in_force).exclude(status=S.WITHDRAWN)
    return apps


def register_entry(*, pk: int) -> AppApplication | None:
    return register_queryset().filter(pk=pk).first()


def label_verify(*, number: str) -> Label | None:
    return (
        Label.objects.select_related("application__publisher")
        .filter(number=number.strip().upper(), application__status__in=LABELLED_STATUSES)
        .first()
    )


@dataclass
class DomainSummary:
    title: str
    met: int
    not_met: int
    not_applicable: int


def domain_summary(*, application: AppApplication) -> list[DomainSummary]:
    """Per domain of the version assessed, how many criteria were met, not met, not
    applicable: what the public page shows of the assessment."""
    summary = []
    for block in application_criteria(application=application):
        counts: dict[Any, int] = dict.fromkeys(ResultValue.values, 0)
        for row in block.rows:
            if row.result is not None:
                counts[row.result.result] += 1
        summary.append(
            DomainSummary(
                title=block.domain.title,
                met=counts[ResultValue.MET],
                not_met=counts[ResultValue.NOT_MET],
                not_applicable=counts[ResultValue.NOT_APPLICABLE],
            )
        )
    return summary
