"""« Mes données » (export), « Fermer mon compte », and reopening a closed account: thin views."""

import datetime
import time
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from portal import ratelimit
from portal.downloads import private_headers
from portal.http import post_only
from privacy import selectors
from privacy.export.sealed import sealed_chunks
from privacy.forms import ClosureForm, ExportRequestForm
from privacy.models import DataExport
from privacy.services.closures import account_close, account_reopen
from privacy.services.exports import export_downloaded, export_request

REOPEN_KEY = "privacy_reopen"
CLOSED_KEY = "privacy_closed_until"
# The proof of password that offers the reopening is good for this long.
REOPEN_SECONDS = 10 * 60


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind login_required
    return user


@login_required
@never_cache
@require_GET
def data_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    export = selectors.export_latest(user=user)
    vault, evidence = selectors.documents_offered(user=user)
    return render(
        request,
        "privacy/data.html",
        {
            "export": export,
            "form": ExportRequestForm(vault=vault, evidence=evidence),
            "has_vault": vault,
            "offers_documents": vault or evidence,
            "is_publisher": evidence,
            "export_days": settings.PRIVACY_EXPORT_DAYS,
            # While it is being built the page reloads itself (a meta refresh: no script).
            "refresh": export is not None and export.status in DataExport.IN_PROGRESS,
        },
    )


@post_only(redirect_to="privacy:data")
@login_required
def export_request_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    result = ratelimit.hit(f"privacy:export:user:{user.pk}", settings.PRIVACY_EXPORT_RATE_LIMIT)
    if not result.allowed:
        return ratelimit.refused_page(request, result, "accounts/rate_limited.html")
    form = ExportRequestForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    try:
        export_request(
            user=user,
            include_documents=any(selectors.documents_offered(user=user))
            and form.cleaned_data.get("documents", False),
        )
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(
            request,
            "Votre demande est enregistrée : l’archive se prépare. Vous recevrez un courriel "
            "dès qu’elle sera prête.",
        )
    return redirect("privacy:data")


@login_required
@never_cache
@reauthentication_required  # a GET, and still asked: the archive holds everything
@require_GET
def export_download(request: HttpRequest, export_id: str) -> StreamingHttpResponse:
    user = _user(request)
    export = selectors.export_downloadable_get(user=user, export_id=export_id)
    assert export.size is not None  # ready (constraint)
    export_downloaded(export=export)
    response = StreamingHttpResponse(
        sealed_chunks(
            storage_name=export.storage_name,
            export_id=export.pk,
            owner_id=user.pk,
            sha256=export.sha256,
            size=export.size,
        ),
        content_type="application/zip",
    )
    response["Content-Length"] = str(export.size)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export.filename
    )
    private_headers(response)
    return response


@login_required
@never_cache
@reauthentication_required(allow_get=True)
@require_http_methods(["GET", "POST"])
def close_account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ClosureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = account_close(user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            request.session[CLOSED_KEY] = closure.purge_after.isoformat()
            return redirect("privacy:closed")
    return render(
        request,
        "privacy/close.html",
        {
            "form": form,
            "grace_days": settings.ACCOUNT_CLOSURE_GRACE_DAYS,
            "is_doctor": user.is_claimed_doctor,
            "is_publisher": selectors.documents_offered(user=user)[1],
            "is_assessor": selectors.is_assessor(user=user),
            "export": selectors.export_latest(user=user),
        },
    )


@never_cache
@require_GET
def closed(request: HttpRequest) -> HttpResponse:
    until = request.session.get(CLOSED_KEY)
    if not until:
        return redirect("home")
    return render(
        request,
        "privacy/closed.html",
        {"purge_after": _parse(until), "grace_days": settings.ACCOUNT_CLOSURE_GRACE_DAYS},
    )


def _parse(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


def reopen_offer(request: HttpRequest, user: Any) -> HttpResponse | None:
    """After a right password on a closed account (allauth's inactive-user step): the offer to
    reopen it, or None when no closure can be undone (allauth's own page then)."""
    closure = selectors.closure_pending_for(user_id=user.pk)
    if closure is None:
        return None
    request.session[REOPEN_KEY] = {"closure": closure.pk, "at": int(time.time())}
    return redirect("privacy:reopen")


def _reopen_closure_id(request: HttpRequest) -> int | None:
    offer = request.session.get(REOPEN_KEY)
    if not isinstance(offer, dict) or time.time() - offer.get("at", 0) > REOPEN_SECONDS:
        return None
    closure_id = offer.get("closure")
    return closure_id if isinstance(closure_id, int) else None


@never_cache
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest) -> HttpResponse:
    closure_id = _reopen_closure_id(request)
    closure = None
    if closure_id is not None:
        closure = selectors.closure_pending_for_id(closure_id=closure_id)
    if closure is None:
        request.session.pop(REOPEN_KEY, None)
        messages.info(request, "Connectez-vous pour rouvrir un compte fermé.")
        return redirect("account_login")
    if request.method == "POST":
        account_reopen(closure_id=closure.pk, by=closure.user)
        request.session.pop(REOPEN_KEY, None)
        messages.success(
            request, "Votre compte est rouvert. Connectez-vous pour retrouver votre espace."
        )
        return redirect("account_login")
    return render(request, "privacy/reopen.html", {"closure": closure})
