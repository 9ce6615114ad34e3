"""« Mes connexions » and the first-link comparison: thin views over psc's services."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.models import User
from portal.http import post_only
from psc.selectors import (
    other_way_in,
    psc_account_for,
    psc_configured,
    psc_identity_of,
    session_used_psc,
)
from psc.services import psc_change_offer, psc_link_remove


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@never_cache
def connections(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "psc/connections.html",
        {
            "psc_configured": psc_configured(),
            "account": psc_account_for(user=user),
            "other_way_in": other_way_in(user=user),
            "session_used_psc": session_used_psc(request),
        },
    )


@post_only(redirect_to="psc_connections")
@login_required
@reauthentication_required
def connection_remove(request: HttpRequest) -> HttpResponse:
    """Like allauth's own disconnect: only after a recent confirmation of access."""
    try:
        removed = psc_link_remove(user=_user(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if removed:
            messages.success(request, "Le lien avec Pro Santé Connect a été retiré.")
    return redirect("psc_connections")


@login_required
@never_cache
def compare(request: HttpRequest) -> HttpResponse:
    """The roll's names and specialty beside PSC's, after the first link."""
    user = _user(request)
    account = psc_account_for(user=user)
    if account is None or user.doctor is None:
        return redirect("doctor_space")
    identity = psc_identity_of(account=account)
    doctor = user.doctor
    rows = [
        ("Prénom", doctor.first_name, identity.first_name),
        ("Nom", doctor.last_name, identity.last_name),
        ("Spécialité", doctor.specialty, identity.specialty),
    ]
    differs = any(
        psc_value and roll_value.casefold() != psc_value.casefold()
        for _label, roll_value, psc_value in rows
    )
    return render(request, "psc/compare.html", {"rows": rows, "differs": differs})


@post_only(redirect_to="psc_compare")
@login_required
def compare_offer(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    account = psc_account_for(user=user)
    if account is None:
        return redirect("doctor_space")
    try:
        change = psc_change_offer(user=user, identity=psc_identity_of(account=account))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("psc_compare")
    messages.success(
        request, "Votre demande de correction a été transmise à votre conseil départemental."
    )
    return redirect("roll:change_request_detail", pk=change.pk)
