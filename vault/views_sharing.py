"""Sharing pages under /espace/coffre/: share a document or a folder, « Mes partages » with
revocation, « Partagés avec moi ». Thin views over vault.sharing."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from portal import ratelimit
from portal.french_format import french_date
from portal.http import post_only
from roll.rpps import normalize_rpps
from vault import selectors, sharing
from vault.forms_sharing import ShareForm
from vault.http import access_context, vault_required
from vault.models import Document, Folder


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "POST"])
@vault_required
def share_document(request: HttpRequest, document_id: str) -> HttpResponse:
    user = _user(request)
    document = selectors.document_get(owner=user, document_id=document_id)
    return _share_page(request, user, document=document)


@require_http_methods(["GET", "POST"])
@vault_required
def share_folder(request: HttpRequest, folder_id: int) -> HttpResponse:
    user = _user(request)
    folder = selectors.folder_get(owner=user, folder_id=folder_id)
    return _share_page(request, user, folder=folder)


def _share_page(
    request: HttpRequest,
    user: User,
    *,
    document: Document | None = None,
    folder: Folder | None = None,
) -> HttpResponse:
    default_end = timezone.localdate() + datetime.timedelta(days=sharing.SHARE_DEFAULT_DAYS)
    form = ShareForm(request.POST or None, initial={"expires_on": default_end})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Each well-formed number asked costs one (a typo tells nothing and locks nobody
        # out): trying numbers to learn who has an account is slow (docs/vault.md).
        if len(normalize_rpps(data["rpps"])) == 11:
            result = ratelimit.hit(f"vault:share:user:{user.pk}", settings.VAULT_SHARE_RATE_LIMIT)
            if not result.allowed:
                return ratelimit.refused_page(request, result)
        try:
            share = sharing.share_create(
                owner=user,
                rpps=data["rpps"],
                document=document,
                folder=folder,
                expires_on=data["expires_on"],
                message=data["message"],
                ctx=access_context(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"«\u00a0{share.target_name}\u00a0» est partagé avec le "
                f"{sharing.recipient_name(share)} jusqu’au {french_date(share.expires_on)} "
                "inclus. Un courriel l’en informe.",
            )
            return redirect(request.path)
    return render(
        request,
        "vault/share_form.html",
        {
            "form": form,
            "document": document,
            "folder": folder,
            "open_shares": sharing.shares_open_for(owner=user, document=document, folder=folder),
            "max_date": timezone.localdate() + datetime.timedelta(days=sharing.SHARE_MAX_DAYS),
        },
    )


@require_GET
@vault_required
def shares(request: HttpRequest) -> HttpResponse:
    page = Paginator(sharing.shares_given(owner=_user(request)), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "vault/share_list.html", {"page": page, "today": timezone.localdate()})


@post_only(redirect_to="vault:shares")
@vault_required
def share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    share = sharing.share_get(owner=_user(request), share_id=share_id)
    share = sharing.share_revoke(share=share, ctx=access_context(request))
    messages.success(
        request,
        f"Le partage de «\u00a0{share.target_name}\u00a0» avec le "
        f"{sharing.recipient_name(share)} est terminé\u00a0: le document n’est plus accessible "
        "à votre confrère.",
    )
    return redirect("vault:shares")


@require_GET
@vault_required
def shared_with_me(request: HttpRequest) -> HttpResponse:
    received = sharing.shares_received_with_documents(recipient=_user(request))
    return render(request, "vault/share_received.html", {"received": received})
