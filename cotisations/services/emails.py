"""The emails of the dues: reminders and instalment notices, through portal.emails.

A reminder run sends one email to up to 261,378 doctors: `ReminderRenderer` prepares it once
per batch with `portal.emails_batch.BatchEmail` (templates looked up once, MIME written
directly) and builds only each doctor's context here.
"""

from typing import Any

from django.urls import reverse

from cotisations.documents import public_url
from cotisations.models import DuesCall, ReminderKind
from portal.emails_batch import BatchEmail
from portal.french_format import french_date
from portal.money import euros

_TEMPLATE_OF_KIND: dict[str, str] = {
    ReminderKind.BEFORE_30: "before",
    ReminderKind.BEFORE_7: "before",
    ReminderKind.DEADLINE: "deadline",
    ReminderKind.OVERDUE_1: "overdue",
    ReminderKind.OVERDUE_2: "overdue",
    ReminderKind.OVERDUE_3: "overdue",
    ReminderKind.INSTALMENT_2: "instalment_notice",
    ReminderKind.INSTALMENT_3: "instalment_notice",
    ReminderKind.INSTALMENT_FAILED: "instalment_failed",
}

REMINDER_REASON = (
    "Vous recevez ce message parce que vous êtes inscrit au tableau de l’Ordre des médecins "
    "et que votre cotisation ordinale n’est pas entièrement réglée."
)
INSTALMENT_REASON = (
    "Vous recevez ce message parce que vous avez choisi de régler votre cotisation ordinale "
    "en 3 fois\u00a0: l’Ordre vous informe de chaque prélèvement."
)
REASONS = {
    "before": REMINDER_REASON,
    "deadline": REMINDER_REASON,
    "overdue": REMINDER_REASON,
    "instalment_notice": INSTALMENT_REASON,
    "instalment_failed": INSTALMENT_REASON,
}


class ReminderRenderer:
    """One kind of dues email, prepared once for a batch of calls."""

    def __init__(self, *, kind: str) -> None:
        self.kind = kind
        self.name = _TEMPLATE_OF_KIND[kind]
        # The subjects name the dues and the year: no "[Ordre des médecins]" prefix before them.
        self.email = BatchEmail(
            template=f"cotisations/email/{self.name}",
            reason=REASONS[self.name],
            subject_prefix="",
        )
        self.space_url = public_url(reverse("cotisations:space"))

    def context(self, call: DuesCall, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        campaign = call.campaign
        return {
            "call": call,
            "doctor": call.doctor,
            "greeting_name": f"Docteur {call.doctor.last_name}",
            "year": campaign.year,
            "deadline": french_date(campaign.deadline),
            "amount": euros(call.amount_cents),
            "balance": euros(call.balance_cents),
            "space_url": self.space_url,
            **(extra or {}),
        }

    def message_id(self, call: DuesCall) -> str:
        # The same id on a resend lets mail systems drop the copy (see docs/dues.md).
        return f"<dues-{call.pk}-{self.kind}@ordre.test>"

    def _headers(self, call: DuesCall) -> dict[str, str]:
        return {"Message-ID": self.message_id(call)}

    def message(self, *, call: DuesCall, to: str, extra: dict[str, Any] | None = None) -> Any:
        return self.email.message(
            to=to, context=self.context(call, extra), headers=self._headers(call)
        )

    def send(self, *, backend: Any, call: DuesCall, to: str) -> None:
        """Send over `backend`: straight to its SMTP connection when it has one."""
        self.email.send(
            backend=backend, to=to, context=self.context(call), headers=self._headers(call)
        )

    def wire_bytes(self, *, call: DuesCall, to: str) -> bytes:
        """The message as the batch sends it over SMTP (bench/reminders.py sends the same)."""
        wire = self.email.wire_bytes(to=to, context=self.context(call), headers=self._headers(call))
        if wire is None:
            return self.message(call=call, to=to).message().as_bytes(linesep="\r\n")
        return wire


def recipient(call: DuesCall) -> str:
    """The doctor's portal login when claimed, the roll's address otherwise."""
    account = getattr(call.doctor, "account", None)
    return account.email if account is not None else call.doctor.email
