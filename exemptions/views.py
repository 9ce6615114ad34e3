"""The doctor's exemption requests in their dues space: thin views over services/selectors."""

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from cotisations import selectors as dues_selectors
from exemptions import selectors
from exemptions.forms import ExemptionDocumentForm, ExemptionRequestForm
from exemptions.models import ExemptionDocument, ExemptionRequest
from exemptions.services import (
    exemption_deadline_check,
    exemption_document_add,
    exemption_request_create,
    exemption_request_withdraw,
)
from exemptions.uploads import EXEMPTION_UPLOADS
from portal.http import post_only
from vault.http import decrypted_attachment
from vault.staging import StagedBatch, StoreOutcome, staged_store
from vault.streams import StagedObject
from vault.uploads import streaming_upload

DOCUMENT_DROPPED = (
    "Pour votre sécurité, les fichiers choisis ne sont pas conservés tant que la demande "
    "n’est pas envoyée\u00a0: choisissez-les de nouveau."
)


def doctor_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in and linked to a roll entry (the dues space says how otherwise); not cached."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        assert isinstance(user, User)
        if user.doctor_id is None:
            return redirect("cotisations:space")
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _refusals_to_form(form: Form, outcome: StoreOutcome[Any]) -> None:
    """Each refusal on its field, once (a refused request is refused again for each file)."""
    seen: set[tuple[str | None, str]] = set()

    def add(field: str | None, message: str) -> None:
        if (field, message) not in seen:
            seen.add((field, message))
            form.add_error(field, message)

    for error in outcome.staging_errors:
        add("documents", error)
    for exc in outcome.refusals:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                for message in errors:
                    add(field if field in form.fields else None, message)
        else:
            for message in exc.messages:
                add(None, message)


@require_GET
@doctor_required
def exemption_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    call = dues_selectors.dues_call_current(user=user)
    closed_reason = ""
    if call is not None:
        try:
            exemption_deadline_check(call=call)
        except ValidationError as exc:
            closed_reason = " ".join(exc.messages)
    return render(
        request,
        "exemptions/home.html",
        {
            "call": call,
            "closed_reason": closed_reason,
            "open_request": selectors.exemption_request_open(call_id=call.pk) if call else None,
            "exemption_requests": selectors.exemption_request_list(user=user),
        },
    )


@csrf_exempt  # checked by streaming_upload once the encrypting handler is in place
@require_http_methods(["GET", "POST"])
@doctor_required
@streaming_upload(EXEMPTION_UPLOADS, field="documents")
def exemption_create(request: HttpRequest, batch: StagedBatch) -> HttpResponse:
    user = _user(request)
    call = dues_selectors.dues_call_current(user=user)
    if call is None:
        return redirect("exemptions:home")
    open_request = selectors.exemption_request_open(call_id=call.pk)
    if open_request is not None:
        messages.info(request, "Votre demande d’exonération est déjà en cours d’examen.")
        return redirect("exemptions:detail", pk=open_request.pk)
    form = ExemptionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        filed: list[ExemptionRequest] = []

        def store(staged: StagedObject | None = None) -> ExemptionRequest | ExemptionDocument:
            if filed:  # the request exists: the next files are documents of it
                assert staged is not None
                return exemption_document_add(user=user, request_id=filed[0].pk, staged=staged)
            filed.append(
                exemption_request_create(
                    user=user,
                    call_id=call.pk,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                    explanation=form.cleaned_data["explanation"],
                    staged=staged,
                )
            )
            return filed[0]

        outcome = staged_store(batch, store, if_empty=store)
        if filed:
            messages.success(
                request,
                "Votre demande est envoyée à votre conseil départemental. Vous recevrez un "
                "courriel à chaque étape.",
            )
            for message in outcome.messages:  # a document refused: the request stands
                messages.warning(request, message)
            return redirect("exemptions:detail", pk=filed[0].pk)
        _refusals_to_form(form, outcome)
    elif request.method == "POST":
        staged_store(batch, None)
    return render(
        request,
        "exemptions/form.html",
        {
            "form": form,
            "call": call,
            "document_dropped": bool(batch.received) and bool(form.errors),
            "dropped_message": DOCUMENT_DROPPED,
        },
        status=400 if form.errors else 200,
    )


def _detail_url(request: HttpRequest, pk: int) -> str:
    return reverse("exemptions:detail", args=[pk])


def _detail(
    request: HttpRequest, exemption: ExemptionRequest, form: Form, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "exemptions/detail.html",
        {"exemption": exemption, "documents": exemption.documents.all(), "form": form},
        status=status,
    )


@require_GET
@doctor_required
def exemption_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exemption = selectors.exemption_request_get(user=_user(request), pk=pk)
    return _detail(request, exemption, ExemptionDocumentForm())


@csrf_exempt  # checked by streaming_upload once the encrypting handler is in place
@post_only(redirect_to=_detail_url, upload=True)
@doctor_required
@streaming_upload(EXEMPTION_UPLOADS, field="documents")
def exemption_documents_add(request: HttpRequest, batch: StagedBatch, pk: int) -> HttpResponse:
    user = _user(request)
    exemption = selectors.exemption_request_get(user=user, pk=pk)
    form = ExemptionDocumentForm(request.POST)
    outcome = staged_store(
        batch,
        lambda staged: exemption_document_add(user=user, request_id=exemption.pk, staged=staged),
    )
    if not batch.received and not outcome.staging_errors:
        form.add_error("documents", "Choisissez au moins un fichier à ajouter.")
    _refusals_to_form(form, outcome)
    if form.errors:
        return _detail(request, exemption, form, status=400)
    count = len(outcome.stored)
    messages.success(
        request,
        "Justificatif ajouté à votre demande."
        if count == 1
        else f"{count} justificatifs ajoutés à votre demande.",
    )
    return redirect("exemptions:detail", pk=exemption.pk)


@post_only(redirect_to=_detail_url)
@doctor_required
def exemption_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    exemption = selectors.exemption_request_get(user=user, pk=pk)
    try:
        exemption_request_withdraw(user=user, request_id=exemption.pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Votre demande d’exonération est retirée.")
    return redirect("exemptions:detail", pk=exemption.pk)


@require_GET
@doctor_required
def exemption_document(request: HttpRequest, pk: int, document_id: UUID) -> HttpResponseBase:
    document = selectors.exemption_document_get(user=_user(request), request_pk=pk, pk=document_id)
    return decrypted_attachment(document)
