"""The designated partner pays a company's dues from their space; thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from cotisations import documents
from cotisations.models import Attestation, CheckoutMode
from cotisations.selectors_companies import company_call_get
from cotisations.services.payments import checkout_start
from cotisations.views import _doctor_user
from portal.downloads import private_attachment
from portal.http import post_only


@post_only(redirect_to="cotisations:space")
@login_required
def company_pay(request: HttpRequest, call_id: int) -> HttpResponse:
    user = _doctor_user(request)
    call = company_call_get(user=user, call_id=call_id)
    try:
        # A company's dues are paid in full: a saved card would stay the former payer's.
        checkout = checkout_start(call_id=call.pk, user=user, mode=CheckoutMode.FULL)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cotisations:space")
    return redirect(checkout.redirect_url)


@login_required
@require_GET
def company_attestation(request: HttpRequest, call_id: int) -> HttpResponse:
    user = _doctor_user(request)
    call = company_call_get(user=user, call_id=call_id)
    try:
        document = call.attestation
    except Attestation.DoesNotExist as exc:
        raise Http404 from exc
    assert call.company is not None
    return private_attachment(
        documents.attestation_pdf(attestation=document),
        filename=f"attestation-cotisation-{call.campaign.year}-siren-{call.company.siren}.pdf",
        content_type="application/pdf",
    )
