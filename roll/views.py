"""The doctor's change requests in their space: thin views over roll services and selectors."""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.selectors import department_label, user_doctor
from roll import selectors
from roll.forms import ChangeRequestForm
from roll.models import ChangeRequest
from roll.services.changes import change_request_create as create_service
from roll.uploads import CHANGE_UPLOADS
from vault.http import decrypted_attachment
from vault.staging import StagedBatch, staged_store
from vault.streams import StagedObject
from vault.uploads import streaming_upload

access_logger = logging.getLogger("portal.access")

CLAIM_FIRST_MESSAGE = (
    "Pour signaler une modification de votre inscription, rattachez d’abord votre compte à "
    "votre inscription au tableau de l’Ordre à l’aide de votre numéro RPPS."
)


def claimed_doctor_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Logged in and linked to a roll entry; responses never cached."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        assert isinstance(user, User)
        if not user.is_claimed_doctor:
            access_logger.info(
                "Change requests refused: user %s has no roll entry (%s)", user.pk, request.path
            )
            messages.info(request, CLAIM_FIRST_MESSAGE)
            return redirect("claim_start")
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_GET
@claimed_doctor_required
def change_request_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    requests = list(selectors.change_request_list(user=user))
    return render(
        request,
        "roll/change_request_list.html",
        {"change_requests": requests, "has_open": any(r.is_open for r in requests)},
    )


@csrf_exempt  # checked by streaming_upload once the encrypting handler is in place
@require_http_methods(["GET", "POST"])
@claimed_doctor_required
@streaming_upload(CHANGE_UPLOADS, field="document")
def change_request_create(request: HttpRequest, batch: StagedBatch) -> HttpResponse:
    user = _user(request)
    doctor = user_doctor(user=user)
    assert doctor is not None  # claimed_doctor_required
    open_request = selectors.change_request_open(user=user)
    if open_request is not None:
        messages.info(
            request,
            "Vous avez déjà une demande de modification en attente\u00a0: votre conseil "
            "départemental l’examine. Vous pourrez en signaler une autre après sa décision.",
        )
        return redirect("roll:change_request_detail", pk=open_request.pk)
    form = ChangeRequestForm(request.POST or None, request.FILES or None, doctor=doctor)
    if request.method == "POST":
        valid = form.is_valid()
        for error in batch.errors:
            form.add_error("document", error)
        if valid and not batch.errors:

            def create(staged: StagedObject | None = None) -> ChangeRequest:
                return create_service(
                    doctor=doctor,
                    user=user,
                    values=form.values(),
                    explanation=form.cleaned_data["explanation"],
                    staged=staged,
                )

            outcome = staged_store(batch, create, if_empty=create)
            for exc in outcome.refusals:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            if outcome.stored:
                messages.success(
                    request,
                    "Votre demande est envoyée à votre conseil départemental. Vous recevrez "
                    "un courriel à chaque étape.",
                )
                return redirect("roll:change_request_detail", pk=outcome.stored[0].pk)
    return render(
        request,
        "roll/change_request_form.html",
        {
            "form": form,
            "doctor": doctor,
            "department": department_label(code=doctor.department),
            # The file went with the refused form: the doctor must choose it again.
            "document_dropped": bool(batch.received) and bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@claimed_doctor_required
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = selectors.owned_change_request(user=_user(request), pk=pk)
    return render(
        request,
        "roll/change_request_detail.html",
        {
            "change_request": change_request,
            "rows": change_request.change_rows(),
            "document": getattr(change_request, "document", None),
        },
    )


@require_GET
@claimed_doctor_required
def change_request_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = selectors.owned_change_document(user=_user(request), request_pk=pk)
    return decrypted_attachment(document)
