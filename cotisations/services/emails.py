"""The emails of the dues: reminders and instalment notices, rendered from templates."""

from dataclasses import dataclass
from email.header import Header
from email.utils import formatdate, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse

from cotisations.documents import public_url
from cotisations.models import DuesCall, ReminderKind
from cotisations.services.calls import euros

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

SUBJECTS = {
    "before": "Votre cotisation ordinale {year} : échéance le {deadline}",
    "deadline": "Votre cotisation ordinale {year} est à régler aujourd'hui",
    "overdue": "Rappel : votre cotisation ordinale {year} reste à régler",
    "instalment_notice": "Prochain prélèvement de votre cotisation ordinale {year}",
    "instalment_failed": "Le prélèvement de votre cotisation ordinale {year} n'a pas abouti",
}


@dataclass
class ReminderRenderer:
    """Templates and fixed headers prepared once per batch: at 261,378 messages, building each
    message with the email package (header encoding, address parsing) would cost more than
    sending it."""

    kind: str

    def __post_init__(self) -> None:
        self.name = _TEMPLATE_OF_KIND[self.kind]
        # The engine's own Template: rendered with a Context, without re-wrapping per message.
        loaded: Any = get_template(f"cotisations/email/{self.name}.txt")
        self.template: Template = loaded.template
        self.from_header = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
        self.envelope_from = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        self._subjects: dict[tuple[int, str], tuple[str, str]] = {}

    def _parts(self, call: DuesCall, extra: dict[str, Any] | None) -> tuple[str, str, str]:
        """(subject, encoded subject header, body) of the message for `call`."""
        campaign = call.campaign
        deadline = campaign.deadline.strftime("%d/%m/%Y")
        key = (campaign.year, deadline)
        if key not in self._subjects:
            subject = SUBJECTS[self.name].format(year=campaign.year, deadline=deadline)
            self._subjects[key] = (subject, Header(subject, "utf-8").encode())
        subject, encoded = self._subjects[key]
        context = {
            "call": call,
            "doctor": call.doctor,
            "year": campaign.year,
            "deadline": deadline,
            "amount": euros(call.amount_cents),
            "balance": euros(call.balance_cents),
            "space_url": public_url(reverse("cotisations:space")),
            **(extra or {}),
        }
        body = self.template.render(Context(context, autoescape=False))
        return subject, encoded, body

    def message_id(self, call: DuesCall) -> str:
        # The same id on a resend lets mail systems drop the copy (see docs/dues.md).
        return f"<dues-{call.pk}-{self.kind}@ordre.test>"

    def message(
        self, *, call: DuesCall, to: str, extra: dict[str, Any] | None = None
    ) -> EmailMessage:
        subject, _, body = self._parts(call, extra)
        return EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={"Message-ID": self.message_id(call)},
        )

    def send(self, *, backend: Any, call: DuesCall, to: str) -> None:
        """Send over `backend`: straight to its SMTP connection when it has one."""
        smtp = getattr(backend, "connection", None) if isinstance(backend, SmtpBackend) else None
        if smtp is None or not to.isascii():
            message = self.message(call=call, to=to)
            message.connection = backend
            message.send()
            return
        smtp.sendmail(self.envelope_from, [to], self.wire_bytes(call=call, to=to))

    def wire_bytes(self, *, call: DuesCall, to: str) -> bytes:
        """The message for an ASCII address as it goes over SMTP (8bit UTF-8 text)."""
        _, encoded_subject, body = self._parts(call, None)
        head = (
            f"From: {self.from_header}\r\nTo: {to}\r\nSubject: {encoded_subject}\r\n"
            f"Date: {formatdate()}\r\nMessage-ID: {self.message_id(call)}\r\n"
            'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
        )
        text = body.replace("\r\n", "\n").replace("\n", "\r\n")
        return head.encode() + text.encode()


def recipient(call: DuesCall) -> str:
    """The doctor's portal login when claimed, the roll's address otherwise."""
    account = getattr(call.doctor, "account", None)
    return account.email if account is not None else call.doctor.email
