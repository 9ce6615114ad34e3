"""The one way an application changes status: `portal.workflow` under the row lock, a history
row (`ApplicationEvent`, a `portal.models.StepRecord`) and its email queued on commit."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from appregister.models import APPLICATION_WORKFLOW, AppApplication, ApplicationEvent
from portal.queueing import enqueue_on_commit


def application_lock(*, application_id: int) -> AppApplication:
    """The application's row, locked for the current transaction (which must be open)."""
    assert transaction.get_connection().in_atomic_block, "lock inside a transaction"
    return AppApplication.objects.select_for_update().get(pk=application_id)


def application_move(
    *,
    application: AppApplication,
    to: str,
    actor: User | None,
    message: str = "",
    changes: dict[str, Any] | None = None,
) -> ApplicationEvent:
    """Move a locked application along an allowed transition (TransitionError otherwise),
    save it with `changes`, record the step and queue the publisher's email."""
    move = APPLICATION_WORKFLOW.move(application, to)
    for field, value in (changes or {}).items():
        setattr(application, field, value)
    application.full_clean()
    application.save()
    event = ApplicationEvent(
        application=application,
        from_status=move.from_status,
        to_status=move.to_status,
        actor=actor,
        message=message,
    )
    event.full_clean()
    event.save()
    enqueue_on_commit("appregister.tasks.send_event_email", event.pk)
    return event


def staff_only(user: User) -> None:
    """Assigning and deciding are the council's staff's, whatever page calls the service."""
    if not (user.is_active and user.is_staff):
        raise PermissionDenied("Seule l’équipe de l’Ordre peut faire cette opération.")
