"""The dummy provider's hosted payment page (/paiement-test/): it plays the provider's side."""

import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.models import User
from cotisations import selectors
from cotisations.models import CheckoutMode, CheckoutStatus
from cotisations.providers import dummy
from cotisations.providers.base import CHECKOUT_CANCELLED, CHECKOUT_COMPLETED, CHECKOUT_DECLINED
from cotisations.services.payments import CANCELLED_QUERY

OUTCOMES = {"pay": CHECKOUT_COMPLETED, "decline": CHECKOUT_DECLINED, "cancel": CHECKOUT_CANCELLED}


@login_required
@require_http_methods(["GET", "POST"])
def dummy_checkout(request: HttpRequest, public_id: str) -> HttpResponse:
    if settings.PAYMENT_PROVIDER != "dummy":
        raise Http404
    user = request.user
    assert isinstance(user, User)
    checkout = selectors.checkout_get(user=user, public_id=public_id)
    if checkout.provider != "dummy":
        raise Http404
    if request.method == "POST" and checkout.status == CheckoutStatus.OPEN:
        outcome = OUTCOMES.get(request.POST.get("outcome", ""))
        if outcome is None:
            return redirect("cotisations:dummy_checkout", public_id)
        data: dict[str, object] = {"checkout": checkout.public_id}
        if outcome == CHECKOUT_COMPLETED:
            # A later collection can be made to fail, to try that path locally.
            suffix = dummy.FAILING_METHOD_SUFFIX if request.POST.get("card") == "fail" else ""
            data.update(
                payment=f"pi_dummy_{secrets.token_hex(10)}",
                amount_cents=checkout.amount_cents,
                currency=dummy.CURRENCY,
                customer=f"cus_dummy_{user.pk}",
                payment_method=f"pm_dummy_{secrets.token_hex(6)}{suffix}",
            )
        dummy.deliver(dummy.new_event(outcome, data))
        if outcome == CHECKOUT_CANCELLED:
            # Where the provider's cancel_url leads: the dues page says nothing was debited.
            return redirect(reverse("cotisations:space") + CANCELLED_QUERY)
        return redirect(reverse("cotisations:checkout_return", args=[checkout.public_id]))
    return render(
        request,
        "cotisations/dummy_checkout.html",
        {"checkout": checkout, "instalments": checkout.mode == CheckoutMode.INSTALMENTS},
    )
