"""Doctor space, claiming a roll entry, and personal API tokens: thin views over services."""

from allauth.account.decorators import reauthentication_required
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import ClaimConfirmForm, ClaimStartForm
from accounts.models import User
from accounts.selectors import api_token_get, department_label, user_doctor
from accounts.services.claims import claim_confirm, claim_start
from accounts.services.tokens import api_token_create, api_token_revoke
from appregister.selectors import membership_for, publisher_for
from portal import ratelimit
from portal.http import post_only
from portal.personal_cache import personal_page
from psc.selectors import session_used_psc
from registrations.selectors import registration_for

# Above the per-challenge cap on purpose: it only stops someone cycling through new codes.
CLAIM_CONFIRM_RATE_LIMIT = "20/h"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every view here is behind login_required
    return user


def too_many_requests(request: HttpRequest, result: ratelimit.RateLimitResult) -> HttpResponse:
    return ratelimit.refused_page(request, result, "accounts/rate_limited.html")


@personal_page
@login_required
@never_cache
def doctor_space(request: HttpRequest) -> HttpResponse:
    """Mon espace: a doctor's space, a student's registration, or the choice between them."""
    user = _user(request)
    doctor = user_doctor(user=user)
    mfa_enabled, psc_session = is_mfa_enabled(user), session_used_psc(request)
    if doctor is None:
        # A student (a registration request, no roll entry claimed yet) follows their request;
        # the claim comes from its status page once the request is approved.
        if registration_for(user=user) is not None:
            return redirect("registrations:status")
        # A publisher and a certification body's assessor each have a space of their own.
        if publisher_for(user=user) is not None:
            return redirect("appregister:publisher_home")
        if membership_for(user=user) is not None:
            return redirect("appregister:body_home")
        return render(request, "accounts/space_choice.html")
    return render(
        request,
        "accounts/doctor_space.html",
        {
            "doctor": doctor,
            "department": department_label(code=doctor.department),
            "mfa_enabled": mfa_enabled,
            "psc_session": psc_session,
            "vault_open": mfa_enabled or psc_session,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def claim_start_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_claimed_doctor:
        messages.info(request, "Votre compte est déjà rattaché à votre inscription au tableau.")
        return redirect("doctor_space")
    form = ClaimStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Only well-formed numbers count: a typo reveals nothing about the roll and must not
        # lock out a doctor who mistyped.
        rate = settings.CLAIM_RATE_LIMIT
        for key in (
            f"claim:start:user:{user.pk}",
            f"claim:start:ip:{ratelimit.client_ip(request)}",
        ):
            result = ratelimit.hit(key, rate)
            if not result.allowed:
                return too_many_requests(request, result)
        try:
            claim_start(user=user, rpps=form.cleaned_data["rpps"])
        except ValidationError as error:
            form.add_error("rpps", error)
        else:
            return redirect("claim_confirm")
    return render(request, "accounts/claim_start.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def claim_confirm_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_claimed_doctor:
        return redirect("doctor_space")
    form = ClaimConfirmForm(request.POST or None)
    if request.method == "POST":
        result = ratelimit.hit(f"claim:confirm:user:{user.pk}", CLAIM_CONFIRM_RATE_LIMIT)
        if not result.allowed:
            return too_many_requests(request, result)
        if form.is_valid():
            try:
                claim_confirm(user=user, code=form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                messages.success(
                    request,
                    "Votre compte est désormais rattaché à votre inscription au tableau de "
                    "l’Ordre. Bienvenue dans votre espace.",
                )
                return redirect("doctor_space")
    return render(request, "accounts/claim_confirm.html", {"form": form})


@login_required
@never_cache
@reauthentication_required(allow_get=True)
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """GET shows whether a token exists; POST issues one, shown on this response only."""
    user = _user(request)
    new_key = ""
    if request.method == "POST":
        # A token skips the second factor: issuing one asks for the password again (allauth).
        new_key = api_token_create(user=user).key
    return render(
        request,
        "accounts/api_tokens.html",
        {"token": api_token_get(user=user), "new_key": new_key},
    )


@post_only(redirect_to="api_tokens")
@login_required
def api_token_revoke_view(request: HttpRequest) -> HttpResponse:
    if api_token_revoke(user=_user(request)):
        messages.success(request, "Votre jeton d’accès a été révoqué : il ne fonctionne plus.")
    else:
        messages.info(request, "Vous n’aviez pas de jeton d’accès.")
    return redirect("api_tokens")
