"""Versions of the criteria framework: copy the current one to edit it, then make it current.

A version an application uses is frozen (its texts are what that assessment read); the admin
shows it read-only and these services refuse to change it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from appregister.models import Criterion, Domain, FrameworkVersion

FROZEN_MESSAGE = (
    "Cette version du référentiel a déjà servi à une demande\u00a0: elle ne peut plus être "
    "modifiée. Créez une nouvelle version à partir d’elle."
)


def framework_current() -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(is_current=True).first()
    if version is None:
        raise ValidationError(
            "Aucune version du référentiel n’est en vigueur\u00a0: l’Ordre doit en publier une."
        )
    return version


@transaction.atomic
def framework_version_copy(*, version: FrameworkVersion, title: str = "") -> FrameworkVersion:
    """A new, not yet current version holding a copy of `version`'s domains and criteria."""
    number = (FrameworkVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    copy = FrameworkVersion(
        number=number,
        title=title or version.title,
        notes=f"Copie de la version {version.number}, à modifier.",
    )
    copy.full_clean()
    copy.save()
    for domain in version.domains.prefetch_related("criteria"):
        new_domain = Domain.objects.create(
            version=copy,
            code=domain.code,
            title=domain.title,
            description=domain.description,
            position=domain.position,
        )
        Criterion.objects.bulk_create(
            Criterion(
                domain=new_domain,
                code=c.code,
                requirement=c.requirement,
                is_mandatory=c.is_mandatory,
                evidence_expected=c.evidence_expected,
                position=c.position,
            )
            for c in domain.criteria.all()
        )
    return copy


@transaction.atomic
def framework_version_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    """Make `version` the one new applications get; applications already made keep theirs."""
    locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if not Criterion.objects.filter(domain__version=locked).exists():
        raise ValidationError("Une version sans critère ne peut pas être mise en vigueur.")
    FrameworkVersion.objects.filter(is_current=True).exclude(pk=locked.pk).update(is_current=False)
    locked.is_current = True
    locked.published_at = locked.published_at or timezone.now()
    locked.full_clean()
    locked.save()
    return locked


def framework_edit_check(*, version: FrameworkVersion | None) -> None:
    """Refuse an edit of a frozen version (the admin calls it before saving)."""
    if version is not None and version.is_frozen:
        raise ValidationError(FROZEN_MESSAGE)
