"""Every email the portal sends is built and sent here: one base template, one function.

An email is three templates named after one prefix, like allauth's:
``<prefix>_subject.txt``, ``<prefix>_message.txt`` (extends ``emails/base_message.txt``) and
``<prefix>_message.html`` (extends ``emails/base_message.html``). The base templates greet the
person, sign as the council (``SITE_NAME``, never the host name) and end with ``reason``: why
this person receives this message. The sender's display name is ``SITE_NAME`` too.

Batches of thousands of one email (the dues reminders) go through ``portal.emails_batch``,
which renders the same templates and writes the same MIME structure faster. docs/emails.md
lists the emails and says how to add one.
"""

import re
from collections.abc import Iterable, Sequence
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

_FOLD = re.compile(r"[ \t\r\n]+")
# (filename, content, MIME type), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes, str]


def email_sender() -> str:
    """The From header: the council by name, at the address of DEFAULT_FROM_EMAIL."""
    name = settings.SITE_NAME.replace("\\", "\\\\").replace('"', '\\"')
    # Left unencoded: Django encodes the header when it builds the message.
    return f'"{name}" <{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}>'


def email_context(*, reason: str, context: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "reason": reason,
        **(context or {}),
    }


def email_subject_line(subject: str, *, subject_prefix: str | None = None) -> str:
    """One line (a template's trailing newline or a wrapped line must not reach the header),
    after the prefix: ACCOUNT_EMAIL_SUBJECT_PREFIX unless the email gives its own ("" for none).
    """
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX if subject_prefix is None else subject_prefix
    # Only ASCII whitespace folds: the no-break spaces of French typography stay.
    return prefix + _FOLD.sub(" ", subject).strip(" ")


def email_subject(
    *, template: str, context: dict[str, Any], subject_prefix: str | None = None
) -> str:
    subject = render_to_string(f"{template}_subject.txt", context)
    return email_subject_line(subject, subject_prefix=subject_prefix)


def email_message(
    *,
    to: str | Sequence[str],
    template: str,
    reason: str,
    context: dict[str, Any] | None = None,
    attachments: Iterable[Attachment] = (),
    headers: dict[str, str] | None = None,
    reply_to: Sequence[str] | None = None,
    subject_prefix: str | None = None,
) -> EmailMultiAlternatives:
    """The message, with a plain-text and an HTML part, ready to send."""
    full = email_context(reason=reason, context=context)
    message = EmailMultiAlternatives(
        subject=email_subject(template=template, context=full, subject_prefix=subject_prefix),
        body=render_to_string(f"{template}_message.txt", full),
        from_email=email_sender(),
        to=[to] if isinstance(to, str) else list(to),
        headers=headers,
        reply_to=list(reply_to) if reply_to else None,
    )
    message.attach_alternative(render_to_string(f"{template}_message.html", full), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def email_send(
    *,
    to: str | Sequence[str],
    template: str,
    reason: str,
    context: dict[str, Any] | None = None,
    attachments: Iterable[Attachment] = (),
    headers: dict[str, str] | None = None,
    reply_to: Sequence[str] | None = None,
    connection: Any = None,
    subject_prefix: str | None = None,
) -> None:
    """Build and send one email; raises on an SMTP failure so the calling task can retry."""
    message = email_message(
        to=to,
        template=template,
        reason=reason,
        context=context,
        attachments=attachments,
        headers=headers,
        reply_to=reply_to,
        subject_prefix=subject_prefix,
    )
    message.connection = connection
    message.send()
