"""Dues pages: the doctor's dues, paying online, receipts, public verification; thin views."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from cotisations import documents, selectors, selectors_companies
from cotisations.models import Attestation, CheckoutMode, CheckoutStatus
from cotisations.providers.base import WebhookError
from cotisations.services.payments import checkout_start, webhook_receive
from portal import ratelimit
from portal.downloads import private_attachment
from portal.http import post_only
from portal.personal_cache import personal_page

PAYMENT_CANCELLED_MESSAGE = "Paiement annulé, rien n’a été débité."


def _doctor_user(request: HttpRequest) -> User:
    """The logged-in user, who must have claimed a roll entry (404 otherwise: no dues here)."""
    user = request.user
    assert isinstance(user, User)  # behind login_required
    if user.doctor_id is None:
        raise Http404
    return user


@personal_page
@login_required
@never_cache
@require_GET
def dues_space(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if user.doctor_id is None:
        messages.info(
            request,
            "Pour consulter vos cotisations, rattachez d’abord votre compte à votre inscription "
            "au tableau de l’Ordre à l’aide de votre numéro RPPS.",
        )
        return redirect("claim_start")
    if request.GET.get("paiement") == "annule":
        # Back from the payment page's "Annuler": say so once, then the plain address.
        messages.info(request, PAYMENT_CANCELLED_MESSAGE)
        return redirect("cotisations:space")
    calls = list(selectors.dues_call_list(user=user))
    current = calls[0] if calls else None
    return render(
        request,
        "cotisations/space.html",
        {
            "current": current,
            "payments": selectors.payment_list(call=current) if current else [],
            "instalments": selectors.instalment_list(call=current) if current else [],
            "past_calls": calls[1:],
            "modes": CheckoutMode,
            "company_calls": selectors_companies.company_call_list(user=user),
            "sepa_offered": selectors.sepa_checkout_offered(),
            "sepa_pending": getattr(current, "debit_pending_cents", None),
        },
    )


@post_only(redirect_to="cotisations:space")
@login_required
def pay(request: HttpRequest, year: int) -> HttpResponse:
    user = _doctor_user(request)
    call = selectors.dues_call_get(user=user, year=year)
    try:
        checkout = checkout_start(
            call_id=call.pk, user=user, mode=request.POST.get("mode", CheckoutMode.FULL)
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cotisations:space")
    return redirect(checkout.redirect_url)


@login_required
@never_cache
@require_GET
def checkout_return(request: HttpRequest, public_id: str) -> HttpResponse:
    """Back from the payment page. Only the webhook marks dues paid: until it has arrived,
    this page says the payment is being confirmed (and refreshes itself)."""
    user = _doctor_user(request)
    checkout = selectors.checkout_get(user=user, public_id=public_id)
    return render(
        request,
        "cotisations/checkout_return.html",
        {"checkout": checkout, "statuses": CheckoutStatus, "call": checkout.call},
    )


@login_required
@require_GET
def receipt(request: HttpRequest, payment_id: int) -> HttpResponse:
    user = _doctor_user(request)
    payment = selectors.payment_get(user=user, payment_id=payment_id)
    return private_attachment(
        documents.receipt_pdf(payment=payment),
        filename=documents.receipt_filename(payment),
        content_type="application/pdf",
    )


@login_required
@require_GET
def attestation(request: HttpRequest, year: int) -> HttpResponse:
    user = _doctor_user(request)
    call = selectors.dues_call_get(user=user, year=year)
    try:
        document = call.attestation
    except Attestation.DoesNotExist as exc:
        raise Http404 from exc
    return private_attachment(
        documents.attestation_pdf(attestation=document),
        filename=documents.attestation_filename(call),
        content_type="application/pdf",
    )


@login_required
@never_cache
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Every year's calls, payments, receipts and documents on one page."""
    user = _doctor_user(request)
    return render(request, "cotisations/history.html", {"calls": selectors.dues_history(user=user)})


@login_required
@require_GET
def statement(request: HttpRequest, year: int) -> HttpResponse:
    """« Relevé annuel de cotisation »: the year's call and every payment, for the accounts."""
    user = _doctor_user(request)
    call = selectors.dues_call_get(user=user, year=year)
    return private_attachment(
        documents.statement_pdf(call=call, payments=list(selectors.payment_list(call=call))),
        filename=documents.statement_filename(call),
        content_type="application/pdf",
    )


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: confirms an attestation (name, RPPS, year, amount, date) and nothing more."""
    result = ratelimit.hit(
        f"dues:verify:{ratelimit.client_ip(request)}", settings.DUES_VERIFY_RATE_LIMIT
    )
    if not result.allowed:
        return ratelimit.refused_page(request, result, "cotisations/verify_rate_limited.html")
    document = selectors.attestation_verify(code=code)
    if document is None:
        return render(request, "cotisations/verify_not_found.html", status=404)
    return render(request, "cotisations/verify.html", {"attestation": document})


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """Provider webhooks: only the configured provider, only with a valid signature."""
    if provider != settings.PAYMENT_PROVIDER:
        raise Http404
    try:
        webhook_receive(provider_name=provider, body=request.body, headers=request.headers)
    except WebhookError:
        return HttpResponse("invalid webhook", status=400, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
