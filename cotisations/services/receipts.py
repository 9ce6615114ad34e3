"""Receipt numbers: `2027-000123`, given once per payment received, gap-free per series.

A series is a campaign year and the departmental council of the call's département. The
next number comes from the series' counter row, locked (`SELECT … FOR UPDATE`) in the
payment's own transaction: two payments at once in one series wait for each other and get
consecutive numbers, and a payment rolled back gives its number back with it. So no number
is ever skipped or given twice. The lock is held until the payment's transaction commits;
those transactions are short (a webhook, a cheque recorded by staff), and other councils'
series are not touched.
"""

from django.db import transaction

from cotisations.models import Payment, Receipt, ReceiptCounter
from councils.selectors import council_for_department


def receipt_series(*, department: str) -> str:
    """The council whose series a call's receipts join: its departmental council's code, or
    the département itself if no council covers it (the migration numbering old receipts
    follows the same rule)."""
    council = council_for_department(department=department)
    return council.code if council is not None else department


def receipt_issue(*, payment: Payment) -> Receipt:
    """The receipt number of `payment`, given now if it has none yet (safe to call twice)."""
    with transaction.atomic():
        existing = Receipt.objects.filter(payment=payment).first()
        if existing is not None:
            return existing
        call = payment.call
        year, council = call.campaign.year, receipt_series(department=call.department)
        # The counter row exists before it is locked: an INSERT … ON CONFLICT DO NOTHING, so
        # the first two payments of a series do not both try to create it.
        ReceiptCounter.objects.bulk_create(
            [ReceiptCounter(year=year, council=council)], ignore_conflicts=True
        )
        counter = ReceiptCounter.objects.select_for_update().get(year=year, council=council)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        receipt = Receipt(payment=payment, year=year, council=council, sequence=counter.last_number)
        receipt.full_clean()
        receipt.save()
        return receipt
