"""The publisher's side: the account type, the application saved at each step, its evidence
(text per criterion, encrypted documents), and sending it to the council."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appregister.models import (
    PLATFORM_FIELDS,
    AppApplication,
    ApplicationStatus,
    Criterion,
    Evidence,
    EvidenceDocument,
    Publisher,
    RegulatoryStatus,
)
from appregister.services.framework import framework_current
from appregister.services.transitions import application_lock, application_move
from vault.services import object_delete_on_commit, staged_discard
from vault.streams import StagedObject

S = ApplicationStatus

EDIT_REFUSED = (
    "Votre demande a été envoyée\u00a0: elle ne peut plus être modifiée. Si l’Ordre a besoin "
    "d’un complément, il vous le demandera."
)
NOT_A_PUBLISHER = (
    "Ce compte est celui d’un organisme évaluateur ou de l’équipe de l’Ordre\u00a0: il ne peut "
    "pas déposer de demande de label."
)

# The application's fields filled at each step of the form, all required before sending
# (the forms, the sending check and the summary follow this). Platforms are one group.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "produit": ("name", "version", "url"),
    "usage": ("purpose", "use_domain", "audience", "intended_users"),
    "reglementation": (
        "regulatory_status",
        "hosting_provider",
        "hds_certificate",
        "hosting_location",
    ),
}
DEVICE_FIELDS = ("device_class", "ce_certificate")


@dataclass(frozen=True)
class Missing:
    """Something that lacks before sending: its words, its step and the field to go to."""

    label: str
    step: str
    anchor: str


def publisher_register(
    *, user: User, company_name: str, siren: str, contact_name: str, contact_phone: str
) -> Publisher:
    """Make `user` a publisher (the account type), or update its company details."""
    if user.is_staff or hasattr(user, "body_membership"):
        raise ValidationError(NOT_A_PUBLISHER)
    with transaction.atomic():
        publisher = Publisher.objects.select_for_update().filter(user=user).first()
        publisher = publisher or Publisher(user=user)
        publisher.company_name = company_name.strip()
        publisher.siren = "".join(siren.split())
        publisher.contact_name = contact_name.strip()
        publisher.contact_phone = contact_phone.strip()
        publisher.full_clean()
        publisher.save()
    return publisher


def application_create(*, publisher: Publisher) -> AppApplication:
    """A new draft, on the framework version in force today (kept for its whole life)."""
    application = AppApplication(publisher=publisher, framework=framework_current())
    application.full_clean()
    application.save()
    return application


def _editable(application_id: int) -> AppApplication:
    locked = application_lock(application_id=application_id)
    if not locked.is_editable:
        raise ValidationError(EDIT_REFUSED)
    return locked


@transaction.atomic
def application_step_save(*, application: AppApplication, data: dict[str, Any]) -> AppApplication:
    """Save one step of a draft (or of a file the council asked to complete)."""
    locked = _editable(application.pk)
    for field, value in data.items():
        setattr(locked, field, value.strip() if isinstance(value, str) else value)
    if locked.regulatory_status == RegulatoryStatus.NOT_MEDICAL_DEVICE:
        locked.device_class, locked.ce_certificate = "", ""
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def evidence_save(*, application: AppApplication, texts: dict[int, str]) -> list[Evidence]:
    """The publisher's text for each criterion of the application's framework version."""
    locked = _editable(application.pk)
    criteria = {c.pk: c for c in Criterion.objects.filter(domain__version=locked.framework_id)}
    saved = []
    for criterion_id, text in texts.items():
        if criterion_id not in criteria:
            raise ValidationError("Ce critère n’appartient pas au référentiel de la demande.")
        evidence, _ = Evidence.objects.update_or_create(
            application=locked, criterion=criteria[criterion_id], defaults={"text": text.strip()}
        )
        saved.append(evidence)
    return saved


def evidence_document_add(
    *, application: AppApplication, criterion_id: int, staged: StagedObject
) -> EvidenceDocument:
    """Record an encrypted object as a document of evidence; the object goes if refused."""
    try:
        with transaction.atomic():
            locked = _editable(application.pk)
            criterion = Criterion.objects.filter(
                pk=criterion_id, domain__version=locked.framework_id
            ).first()
            if criterion is None:
                raise ValidationError("Choisissez le critère auquel ce document répond.")
            if locked.documents.count() >= settings.APPREGISTER_MAX_DOCUMENTS:
                raise ValidationError("Vous avez déjà déposé le nombre maximal de documents.")
            document = EvidenceDocument(
                application=locked, criterion=criterion, **staged.row_fields()
            )
            document.full_clean()
            document.save(force_insert=True)
    except BaseException:
        staged_discard(staged=staged)
        raise
    return document


@transaction.atomic
def evidence_document_delete(*, application: AppApplication, document_id: Any) -> None:
    locked = _editable(application.pk)
    document = locked.documents.get(pk=document_id)
    document.delete()
    object_delete_on_commit(document.storage_name)


def _label(field: str) -> str:
    return str(AppApplication._meta.get_field(field).verbose_name)  # type: ignore[union-attr]


def missing_items(*, application: AppApplication) -> list[Missing]:
    """What still lacks before sending, in words the publisher reads, with where to fill it."""
    missing = [
        Missing(_label(field), step, f"id_{field}")
        for step, fields in STEP_FIELDS.items()
        for field in fields
        if getattr(application, field) in (None, "")
    ]
    if not any(getattr(application, name) for name in PLATFORM_FIELDS):
        missing.insert(2, Missing("plateformes", "produit", "id_on_ios"))
    if application.regulatory_status == RegulatoryStatus.MEDICAL_DEVICE:
        missing += [
            Missing(_label(field), "reglementation", f"id_{field}")
            for field in DEVICE_FIELDS
            if not getattr(application, field)
        ]
    answered = {e.criterion_id for e in application.evidence.all() if e.text.strip()} | set(
        application.documents.values_list("criterion_id", flat=True)
    )
    for criterion in Criterion.objects.filter(
        domain__version=application.framework_id, is_mandatory=True
    ):
        if criterion.pk not in answered:
            missing.append(
                Missing(f"preuve du critère {criterion.code}", "preuves", f"critere-{criterion.pk}")
            )
    return missing


@transaction.atomic
def application_submit(*, application: AppApplication, actor: User) -> AppApplication:
    """Send a complete draft, or send back a file the council asked to complete."""
    locked = application_lock(application_id=application.pk)
    if locked.publisher.user_id != actor.pk:
        raise ValidationError("Seul l’éditeur qui a préparé la demande peut l’envoyer.")
    missing = missing_items(application=locked)
    if missing:
        raise ValidationError(
            "Votre demande est incomplète. Il manque\u00a0: "
            + ", ".join(m.label for m in missing)
            + "."
        )
    now = timezone.now()
    application_move(
        application=locked,
        to=S.SUBMITTED,
        actor=actor,
        changes={"submitted_at": locked.submitted_at or now, "complete_at": now},
    )
    return locked
