"""The bodies' side: staff create bodies' assessor accounts and assign applications; an
assessor of the assigned body records a result per criterion, then the recommendation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appregister.models import (
    ApplicationStatus,
    BodyMembership,
    CertificationBody,
    Criterion,
    CriterionResult,
    Recommendation,
    ResultValue,
)
from appregister.services.transitions import application_lock, application_move, staff_only

S = ApplicationStatus


@transaction.atomic
def body_member_create(
    *, body: CertificationBody, email: str, first_name: str, last_name: str, staff: User
) -> BodyMembership:
    """An assessor's account, created by staff without a password: the assessor sets one with
    « Mot de passe oublié » (the address is the proof)."""
    staff_only(staff)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Un compte existe déjà avec cette adresse électronique."})
    user = User.objects.create_user(
        email=email, password=None, first_name=first_name.strip(), last_name=last_name.strip()
    )
    membership = BodyMembership(user=user, body=body)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def application_assign(*, application_id: int, body_id: int, staff: User) -> None:
    """Give a sent application to an accredited body for assessment."""
    staff_only(staff)
    locked = application_lock(application_id=application_id)
    body = CertificationBody.objects.get(pk=body_id)
    today = timezone.localdate()
    if not body.is_accredited_on(today):
        raise ValidationError(
            {"body": f"L’accréditation de {body.name} n’est pas valable aujourd’hui."}
        )
    application_move(
        application=locked,
        to=S.ASSIGNED,
        actor=staff,
        message=f"Évaluation confiée à {body.name}.",
        changes={"body": body, "assigned_at": timezone.now()},
    )


def _assessing(*, application_id: int, assessor: User):  # type: ignore[no-untyped-def]
    locked = application_lock(application_id=application_id)
    membership = BodyMembership.objects.filter(user=assessor).first()
    if membership is None or locked.body_id != membership.body_id:
        raise PermissionDenied
    if locked.status != S.ASSIGNED:
        raise ValidationError("Cette demande n’est pas en cours d’évaluation.")
    return locked, membership


@transaction.atomic
def result_record(
    *,
    application_id: int,
    assessor: User,
    criterion_id: int,
    result: str,
    comment: str = "",
    evidence_reviewed: str = "",
) -> CriterionResult:
    """One criterion's result (met, not met, not applicable); recorded again, it replaces."""
    application, _membership = _assessing(application_id=application_id, assessor=assessor)
    criterion = Criterion.objects.filter(
        pk=criterion_id, domain__version=application.framework_id
    ).first()
    if criterion is None:
        raise ValidationError("Ce critère n’appartient pas au référentiel de la demande.")
    if result == ResultValue.NOT_MET and not comment.strip():
        raise ValidationError(
            {"comment": f"{criterion.code}\u00a0: dites pourquoi le critère n’est pas satisfait."}
        )
    row = CriterionResult.objects.filter(application=application, criterion=criterion).first()
    row = row or CriterionResult(application=application, criterion=criterion)
    row.result, row.assessor = result, assessor
    row.comment, row.evidence_reviewed = comment.strip(), evidence_reviewed.strip()
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def assessment_complete(
    *, application_id: int, assessor: User, outcome: str, summary: str
) -> Recommendation:
    """The body's recommendation, once every criterion has a result; a favourable one is
    refused while a mandatory criterion is not met."""
    application, membership = _assessing(application_id=application_id, assessor=assessor)
    criteria = list(Criterion.objects.filter(domain__version=application.framework_id))
    results = {r.criterion_id: r.result for r in application.results.all()}
    unrecorded = [c.code for c in criteria if c.pk not in results]
    if unrecorded:
        raise ValidationError(
            "Enregistrez d’abord le résultat de chaque critère. Il manque\u00a0: "
            + ", ".join(unrecorded)
            + "."
        )
    failed = [c.code for c in criteria if c.is_mandatory and results[c.pk] == ResultValue.NOT_MET]
    if outcome == Recommendation.Outcome.FAVOURABLE and failed:
        raise ValidationError(
            {
                "outcome": "Un avis favorable est impossible\u00a0: des critères obligatoires ne "
                "sont pas satisfaits (" + ", ".join(failed) + ")."
            }
        )
    recommendation = Recommendation(
        application=application,
        body=membership.body,
        framework=application.framework,
        outcome=outcome,
        summary=summary.strip(),
        assessor=assessor,
    )
    recommendation.full_clean()
    recommendation.save()
    application_move(
        application=application,
        to=S.ASSESSED,
        actor=assessor,
        message=recommendation.get_outcome_display(),
    )
    return recommendation
