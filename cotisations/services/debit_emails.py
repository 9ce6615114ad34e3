"""The email that tells a doctor a direct debit came back (cotisations.tasks.send_debit_failed)."""

from django.urls import reverse

from cotisations.documents import public_url
from cotisations.models import DuesCall
from cotisations.services.emails import recipient
from portal.emails import email_send
from portal.money import euros

DEBIT_REASON = (
    "Vous recevez ce message parce que vous réglez votre cotisation ordinale par prélèvement "
    "SEPA\u00a0: l’Ordre vous informe de chaque prélèvement qui n’aboutit pas."
)


def debit_failed_send(*, call_id: int, reason_code: str, reason_label: str) -> bool:
    call = DuesCall.objects.select_related("campaign", "doctor", "doctor__account").get(pk=call_id)
    to = recipient(call)
    if not to:
        return False
    email_send(
        to=to,
        template="cotisations/email/debit_failed",
        reason=DEBIT_REASON,
        subject_prefix="",
        context={
            "greeting_name": f"Docteur {call.doctor.last_name}",
            "year": call.campaign.year,
            "balance": euros(call.balance_cents),
            "reason_label": reason_label,
            "reason_code": reason_code,
            "space_url": public_url(reverse("cotisations:space")),
        },
        # The same id if the task runs again: mail systems drop the copy.
        headers={"Message-ID": f"<debit-failed-{call.pk}-{reason_code}@ordre.test>"},
    )
    return True
