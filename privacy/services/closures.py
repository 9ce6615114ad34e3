"""« Fermer mon compte »: closed at once, reversible for ACCOUNT_CLOSURE_GRACE_DAYS, then purged.

Closing shuts the account (`is_active` off: no login, every session and the API token gone)
and records an `AccountClosure`. Until `purge_after` the person reopens it by logging in
again (the portal offers it, `privacy.views.reopen`) or staff reopen it in admin. The purge
(`privacy.tasks.purge_closed_accounts`, daily) then deletes what the account alone held and
keeps what the council must keep, tied to a nameless account row (docs/account-closure.md).
A doctor's roll entry is never touched: the account only lets go of it.
"""

import datetime
import logging
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import ClaimChallenge, User
from accounts.services.tokens import api_token_revoke
from appregister.services.erasure import register_account_erase
from contact.models import ContactRequest
from ereputation.services import kept_analyses_delete_all
from guides.models import AssistantFeedback
from portal.emails import email_send
from portal.queueing import enqueue_on_commit
from privacy.models import CLOSURE_WORKFLOW, AccountClosure, ClosureStatus
from privacy.services.exports import exports_of_user_delete
from registrations.models import RegistrationRequest, RegistrationStatus
from vault.models import AccessLogEntry, Document, Folder
from vault.services import AccessContext, document_purge, object_delete_on_commit
from vault.sharing import shares_revoke_all

logger = logging.getLogger("privacy")

CLOSED_REASON = "Vous recevez ce message parce que vous avez fermé votre compte sur le portail."
ALREADY_CLOSED = "Ce compte est déjà fermé."
NOT_REOPENABLE = "Ce compte ne peut plus être rouvert : ses données ont été effacées."
STAFF_REFUSED = (
    "Un compte des services de l’Ordre ne se ferme pas ici : adressez-vous à l’administrateur "
    "du portail."
)


def closure_open(*, user: User) -> AccountClosure | None:
    """The closure still in its grace period, if the account is closed."""
    return AccountClosure.objects.filter(user=user, status=ClosureStatus.CLOSED).first()


def sessions_end(*, user_id: int) -> int:
    """Delete every live session of the user (the database rows and their cached copies)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def account_close(*, user: User) -> AccountClosure:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_staff:
        raise ValidationError(STAFF_REFUSED, code="staff")
    if not locked.is_active or closure_open(user=locked) is not None:
        raise ValidationError(ALREADY_CLOSED, code="closed")
    now = timezone.now()
    closure = AccountClosure(
        user=locked,
        closed_at=now,
        purge_after=now + datetime.timedelta(days=settings.ACCOUNT_CLOSURE_GRACE_DAYS),
    )
    closure.full_clean(exclude=["user"])
    closure.save()
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    api_token_revoke(user=locked)
    ended = sessions_end(user_id=locked.pk)
    # Shares both ways end now, not at the purge: a colleague keeps no access to a closed
    # account's documents, nor the closed account to theirs (reopening does not restore them).
    shares = shares_revoke_all(user=locked, ctx=AccessContext(actor=locked, via="fermeture"))
    enqueue_on_commit("privacy.tasks.send_account_closed", closure.pk)
    logger.info(
        "account closed user=%s sessions_ended=%s shares_ended=%s", locked.pk, ended, shares
    )
    return closure


@transaction.atomic
def account_reopen(*, closure_id: int, by: User) -> AccountClosure:
    """Reopen during the grace period (the person after logging in again, or staff)."""
    closure = AccountClosure.objects.select_for_update().select_related("user").get(pk=closure_id)
    if closure.status == ClosureStatus.PURGED:
        raise ValidationError(NOT_REOPENABLE, code="purged")
    CLOSURE_WORKFLOW.move(closure, ClosureStatus.REOPENED)
    closure.reopened_at, closure.reopened_by = timezone.now(), by
    closure.save(update_fields=["status", "reopened_at", "reopened_by"])
    User.objects.filter(pk=closure.user_id).update(is_active=True)
    logger.info("account reopened user=%s by=%s", closure.user_id, by.pk)
    return closure


def closure_email_send(*, closure_id: int) -> bool:
    closure = AccountClosure.objects.select_related("user").filter(pk=closure_id).first()
    if closure is None or closure.status != ClosureStatus.CLOSED:
        return False
    email_send(
        to=closure.user.email,
        template="privacy/email/account_closed",
        reason=CLOSED_REASON,
        context={
            "purge_after": closure.purge_after,
            "login_url": settings.SITE_URL + reverse("account_login"),
        },
    )
    return True


def closures_due(*, now: datetime.datetime | None = None) -> list[int]:
    return list(
        AccountClosure.objects.filter(
            status=ClosureStatus.CLOSED, purge_after__lte=now or timezone.now()
        ).values_list("pk", flat=True)
    )


def _registration_drafts_delete(user: User) -> None:
    """A draft never sent is the person's alone; a sent request is the council's record."""
    for request in RegistrationRequest.objects.filter(user=user, status=RegistrationStatus.DRAFT):
        for document in request.documents.all():
            object_delete_on_commit(document.storage_name)
        request.delete()


@transaction.atomic
def account_purge(*, closure_id: int, now: datetime.datetime | None = None) -> bool:
    """Erase a closed account past its grace period; False if not due (or reopened)."""
    now = now or timezone.now()
    closure = AccountClosure.objects.select_for_update().select_related("user").get(pk=closure_id)
    if closure.status != ClosureStatus.CLOSED or closure.purge_after > now:
        return False
    user = closure.user
    for document in Document.objects.filter(owner=user):
        document_purge(document=document)
    Folder.objects.filter(owner=user).delete()
    AccessLogEntry.objects.filter(owner=user).delete()
    exports_of_user_delete(user=user)
    kept_analyses_delete_all(owner=user)
    _registration_drafts_delete(user)
    register_account_erase(user=user)
    for model in (EmailAddress, Authenticator, SocialAccount, ClaimChallenge):
        model.objects.filter(user=user).delete()
    api_token_revoke(user=user)
    AssistantFeedback.objects.filter(user=user).delete()
    # Kept for their own retention (3 years after closing), no longer tied to an account.
    ContactRequest.objects.filter(user=user).update(user=None)
    sessions_end(user_id=user.pk)
    # The row stays, nameless, for the records the council keeps (payments, change requests,
    # registration files); the roll entry is let go, so its doctor may claim it again.
    user.email = f"compte-efface-{user.pk}@invalid.invalid"
    user.first_name = user.last_name = ""
    user.doctor = None
    user.is_active = False
    user.set_unusable_password()
    user.save()
    CLOSURE_WORKFLOW.move(closure, ClosureStatus.PURGED)
    closure.purged_at = now
    closure.save(update_fields=["status", "purged_at"])
    logger.info("closed account purged user=%s", user.pk)
    return True
