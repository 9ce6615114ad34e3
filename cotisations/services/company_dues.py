"""Who pays a company's dues: designating the partner, and moving unpaid calls to them."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cotisations.models import CallStatus, Checkout, CheckoutStatus, DuesCall
from roll.models import Company, CompanyPartner

logger = logging.getLogger(__name__)

NOT_A_PARTNER_MESSAGE = (
    "Seul un associé actuel de la société peut être désigné pour régler sa cotisation."
)
# Calls with money still owed go to the new payer; paid years stay with the partner who paid.
MOVED_STATUSES = (CallStatus.OPEN, CallStatus.PARTIALLY_PAID)


@transaction.atomic
def company_partner_designate(*, company_id: int, doctor_id: int) -> CompanyPartner:
    """Make `doctor_id` (a current partner) the one who pays the company's dues.

    The company's calls that still owe money move to them, with their payments and receipts
    (the company's documents follow its payer); the former payer's open payment pages are
    expired, so only the new payer can pay. Designating the current payer changes nothing.
    """
    # The company's row lock serialises two staff members designating at once.
    company = Company.objects.select_for_update().get(pk=company_id)
    membership = CompanyPartner.objects.filter(
        company=company, doctor_id=doctor_id, left_on__isnull=True
    ).first()
    if membership is None:
        raise ValidationError({"designated_partner": NOT_A_PARTNER_MESSAGE})
    if membership.is_designated:
        return membership
    # Unset first: the partial unique index allows one designated partner per company.
    CompanyPartner.objects.filter(company=company, is_designated=True).update(is_designated=False)
    membership.is_designated = True
    membership.full_clean()
    membership.save(update_fields=["is_designated"])
    moved = 0
    calls = DuesCall.objects.select_for_update().filter(company=company, status__in=MOVED_STATUSES)
    for call in calls:
        Checkout.objects.filter(call=call, status=CheckoutStatus.OPEN).update(
            status=CheckoutStatus.EXPIRED, updated_at=timezone.now()
        )
        call.doctor_id = doctor_id
        call.save(update_fields=["doctor", "updated_at"])
        moved += 1
    logger.info(
        "company=%s designated partner doctor=%s calls_moved=%s", company.pk, doctor_id, moved
    )
    return membership
