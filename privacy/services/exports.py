"""« Télécharger mes données »: ask for an export, build it (task), tell the person, expire it.

One export in progress per person (a database constraint); asking again once it is ready
replaces the previous one. The ZIP is built by `privacy.tasks.build_data_export`, sealed in the
vault's storage (`privacy.export.sealed`), downloadable by its owner only, for
PRIVACY_EXPORT_DAYS, after which `exports_purge_expired` deletes it.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from portal.emails import email_send
from portal.queueing import enqueue_on_commit
from privacy.export.builder import export_build
from privacy.export.sealed import SealedObject, sealed_delete
from privacy.models import EXPORT_WORKFLOW, DataExport, ExportStatus

logger = logging.getLogger("privacy")

EXPORT_READY_REASON = (
    "Vous recevez ce message parce que vous avez demandé l’exportation de vos données depuis "
    "votre espace sur le portail."
)
# A build still "running" after this was lost with its worker: it no longer blocks a new one.
STALE_AFTER = datetime.timedelta(hours=6)

ALREADY_RUNNING = (
    "Une exportation de vos données est déjà en préparation : vous recevrez un courriel dès "
    "qu’elle sera prête."
)


def _delete_object_on_commit(storage_name: str) -> None:
    if storage_name:
        transaction.on_commit(lambda: sealed_delete(storage_name))


@transaction.atomic
def export_request(*, user: User, include_documents: bool) -> DataExport:
    """Queue a new export of everything about `user`; the previous ready one is replaced."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    DataExport.objects.filter(
        user=user, status=ExportStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER
    ).update(status=ExportStatus.FAILED, step="")
    if DataExport.objects.filter(user=user, status__in=DataExport.IN_PROGRESS).exists():
        raise ValidationError(ALREADY_RUNNING, code="export_running")
    for previous in DataExport.objects.filter(user=user):
        _delete_object_on_commit(previous.storage_name)
        previous.delete()
    export = DataExport(user=user, include_documents=include_documents)
    export.full_clean()
    try:
        with transaction.atomic():
            export.save()
    except IntegrityError as error:  # the constraint, should two requests still race
        raise ValidationError(ALREADY_RUNNING, code="export_running") from error
    enqueue_on_commit("privacy.tasks.build_data_export", str(export.pk))
    logger.info("data export requested export=%s user=%s", export.pk, user.pk)
    return export


def _progress(export_id: uuid.UUID, percent: int, step: str) -> None:
    # Outside the build's own work: committed at once, so the page sees it move.
    DataExport.objects.filter(pk=export_id).update(progress=min(percent, 99), step=step[:100])


def export_build_run(*, export_id: uuid.UUID | str) -> bool:
    """Build a pending export; False when there is nothing to do (gone, already taken)."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != ExportStatus.PENDING:
            return False
        EXPORT_WORKFLOW.move(export, ExportStatus.RUNNING)
        export.started_at = timezone.now()
        export.save(update_fields=["status", "started_at"])
    try:
        sealed = export_build(export=export, progress=lambda p, step: _progress(export.pk, p, step))
    except Exception:
        logger.exception("data export failed export=%s", export.pk)
        with transaction.atomic():
            export.refresh_from_db()
            EXPORT_WORKFLOW.move(export, ExportStatus.FAILED)
            export.step = ""
            export.save(update_fields=["status", "step"])
        return False
    try:
        _export_ready(export, sealed)
    except BaseException:
        sealed_delete(sealed.storage_name)  # no row will ever name it
        raise
    logger.info("data export ready export=%s size=%s", export.pk, sealed.size)
    return True


def _export_ready(export: DataExport, sealed: SealedObject) -> None:
    now = timezone.now()
    with transaction.atomic():
        export.refresh_from_db()
        EXPORT_WORKFLOW.move(export, ExportStatus.READY)
        export.storage_name = sealed.storage_name
        export.size, export.sha256, export.kek_id = sealed.size, sealed.sha256, sealed.kek_id
        export.progress, export.step = 100, ""
        export.ready_at = now
        export.expires_at = now + datetime.timedelta(days=settings.PRIVACY_EXPORT_DAYS)
        export.full_clean()
        export.save()
        enqueue_on_commit("privacy.tasks.send_export_ready", str(export.pk))


def export_ready_notify(*, export_id: uuid.UUID | str) -> bool:
    """The « vos données sont prêtes » email, once (a retried task finds `notified_at`)."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id, status=ExportStatus.READY, notified_at__isnull=True)
            .first()
        )
        if export is None:
            return False
        assert export.expires_at is not None  # a ready export has one (constraint)
        email_send(
            to=export.user.email,
            template="privacy/email/export_ready",
            reason=EXPORT_READY_REASON,
            context={
                "data_url": settings.SITE_URL + reverse("privacy:data"),
                "expires_at": export.expires_at,
                "include_documents": export.include_documents,
            },
        )
        export.notified_at = timezone.now()
        export.save(update_fields=["notified_at"])
    return True


def export_downloaded(*, export: DataExport) -> None:
    DataExport.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())
    logger.info("data export downloaded export=%s user=%s", export.pk, export.user_id)


@transaction.atomic
def exports_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete exports past their expiry, failed ones after the same period, and objects left
    by a build that never finished; returns the rows deleted."""
    now = now or timezone.now()
    period = datetime.timedelta(days=settings.PRIVACY_EXPORT_DAYS)
    expired = DataExport.objects.filter(expires_at__lte=now) | DataExport.objects.filter(
        status=ExportStatus.FAILED, requested_at__lte=now - period
    )
    deleted = 0
    for export in expired.select_for_update():
        _delete_object_on_commit(export.storage_name)
        export.delete()
        deleted += 1
    if deleted:
        logger.info("data exports purged count=%s", deleted)
    return deleted


def exports_of_user_delete(*, user: User) -> int:
    """Every export of `user`, rows now and objects after commit (the account's purge)."""
    count = 0
    for export in DataExport.objects.filter(user=user):
        _delete_object_on_commit(export.storage_name)
        export.delete()
        count += 1
    return count
