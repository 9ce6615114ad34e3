"""The publisher's space: the account type, the application's steps, evidence and its
documents, sending, following, declaring material changes. Thin views over services."""

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from appregister import selectors
from appregister.forms import (
    STEP_FORMS,
    STEP_TITLES,
    STEPS,
    EvidenceForm,
    EvidenceUploadForm,
    MaterialChangeForm,
    PublisherForm,
    evidence_field_name,
)
from appregister.models import AppApplication, ApplicationStatus, Criterion
from appregister.services import aftercare, applications
from appregister.uploads import EVIDENCE_UPLOADS
from portal.http import post_only
from vault.http import decrypted_attachment
from vault.staging import StagedBatch, staged_store
from vault.uploads import streaming_upload

SUMMARY = "recapitulatif"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def publisher_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in as a publisher (else to the space, which offers to become one); not cached."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if selectors.publisher_for(user=_user(request)) is None:
            return redirect("appregister:publisher_home")
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


def owner_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in, not cached; the view looks its application up scoped to the publisher's
    account, so anyone else's (or a non-publisher's) is a logged 404."""
    return login_required(never_cache(view))


def _criteria(application: AppApplication) -> list[Criterion]:
    return list(
        Criterion.objects.filter(domain__version=application.framework_id).select_related("domain")
    )


def _steps(application: AppApplication, current: str) -> list[dict[str, object]]:
    steps: list[dict[str, object]] = [
        {
            "url": reverse("appregister:step", args=[application.pk, slug]),
            "title": STEP_TITLES[slug],
            "number": n,
            "current": slug == current,
        }
        for n, slug in enumerate(STEPS, start=1)
    ]
    steps.append(
        {
            "url": reverse("appregister:summary", args=[application.pk]),
            "title": "Récapitulatif et envoi",
            "number": len(STEPS) + 1,
            "current": current == SUMMARY,
        }
    )
    return steps


def start(request: HttpRequest) -> HttpResponse:
    """Public: what the label is, who may apply, what to prepare."""
    return render(request, "appregister/publisher_start.html")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def publisher_home(request: HttpRequest) -> HttpResponse:
    """The publisher's space; an account that is not one yet is offered to become one."""
    user = _user(request)
    publisher = selectors.publisher_for(user=user)
    form = PublisherForm(request.POST or None, instance=publisher)
    if request.method == "POST" and form.is_valid():
        try:
            applications.publisher_register(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Les informations de votre société sont enregistrées.")
            return redirect("appregister:publisher_home")
    if publisher is None or request.method == "POST":
        return render(
            request,
            "appregister/publisher_profile.html",
            {"form": form, "publisher": publisher},
            status=400 if form.errors else 200,
        )
    return render(
        request,
        "appregister/publisher_home.html",
        {"publisher": publisher, "applications": selectors.publisher_applications(user=user)},
    )


@post_only(redirect_to="appregister:publisher_home")
@publisher_required
def application_new(request: HttpRequest) -> HttpResponse:
    publisher = selectors.publisher_for(user=_user(request))
    assert publisher is not None
    try:
        application = applications.application_create(publisher=publisher)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("appregister:publisher_home")
    return redirect("appregister:step", pk=application.pk, step=STEPS[0])


def _editable_or_status(request: HttpRequest, application: AppApplication) -> HttpResponse | None:
    if application.is_editable:
        return None
    messages.info(request, applications.EDIT_REFUSED)
    return redirect("appregister:application", pk=application.pk)


@owner_view
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_TITLES:
        raise Http404
    application = selectors.publisher_application_get(user=_user(request), pk=pk)
    if refused := _editable_or_status(request, application):
        return refused
    if step == "preuves":
        return _evidence_page(request, application)
    form = STEP_FORMS[step](request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            applications.application_step_save(
                application=application, data={f: form.cleaned_data[f] for f in form.fields}
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Vos informations sont enregistrées.")
            return redirect("appregister:step", pk=pk, step=STEPS[STEPS.index(step) + 1])
    index = STEPS.index(step)
    return render(
        request,
        "appregister/step.html",
        {
            "application": application,
            "form": form,
            "step": step,
            "title": STEP_TITLES[step],
            "steps": _steps(application, step),
            "previous": STEPS[index - 1] if index else None,
        },
        status=400 if form.errors else 200,
    )


def _evidence_page(
    request: HttpRequest,
    application: AppApplication,
    *,
    upload_errors: list[str] | None = None,
    upload_form: EvidenceUploadForm | None = None,
) -> HttpResponse:
    criteria = _criteria(application)
    form = EvidenceForm(
        request.POST if request.method == "POST" and upload_form is None else None,
        criteria=criteria,
        initial={f"critere_{e.criterion_id}": e.text for e in application.evidence.all()},
    )
    if request.method == "POST" and upload_form is None and form.is_valid():
        try:
            applications.evidence_save(application=application, texts=form.texts())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Vos éléments de preuve sont enregistrés.")
            return redirect("appregister:summary", pk=application.pk)
    blocks = [
        {
            "domain": block.domain,
            "rows": [
                {"row": row, "field": form[evidence_field_name(row.criterion)]}
                for row in block.rows
            ],
        }
        for block in selectors.application_criteria(application=application)
    ]
    return render(
        request,
        "appregister/evidence.html",
        {
            "application": application,
            "form": form,
            "blocks": blocks,
            "upload_form": upload_form or EvidenceUploadForm(criteria=criteria),
            "upload_errors": upload_errors or [],
            "max_file_bytes": settings.APPREGISTER_MAX_FILE_BYTES,
            "steps": _steps(application, "preuves"),
        },
        status=400 if (form.errors or upload_errors) else 200,
    )


def _evidence_url(request: HttpRequest, pk: int, **kwargs: object) -> str:
    return reverse("appregister:step", args=[pk, "preuves"])


@csrf_exempt  # checked by streaming_upload once the encrypting handler is in place
@post_only(redirect_to=_evidence_url, upload=True)
@owner_view
@streaming_upload(EVIDENCE_UPLOADS, field="file")
def upload(request: HttpRequest, batch: StagedBatch, pk: int) -> HttpResponse:
    application = selectors.publisher_application_get(user=_user(request), pk=pk)
    if not application.is_editable:
        staged_store(batch, None)
        messages.error(request, applications.EDIT_REFUSED)
        return redirect("appregister:application", pk=pk)
    form = EvidenceUploadForm(request.POST, criteria=_criteria(application))
    errors = list(batch.errors)
    if not form.is_valid():
        errors += [str(e) for field_errors in form.errors.values() for e in field_errors]
    elif not batch and not errors:
        errors.append("Choisissez un fichier à déposer.")
    if errors:
        staged_store(batch, None)
        return _evidence_page(request, application, upload_errors=errors, upload_form=form)
    criterion_id = form.cleaned_data["criterion"]
    outcome = staged_store(
        batch,
        lambda staged: applications.evidence_document_add(
            application=application, criterion_id=criterion_id, staged=staged
        ),
    )
    if outcome.messages:
        return _evidence_page(
            request, application, upload_errors=outcome.messages, upload_form=form
        )
    messages.success(request, "Votre document est déposé.")
    return redirect(reverse("appregister:step", args=[pk, "preuves"]) + f"#critere-{criterion_id}")


@post_only(redirect_to=_evidence_url)
@owner_view
def document_delete(request: HttpRequest, pk: int, document_id: UUID) -> HttpResponse:
    document = selectors.publisher_document_get(
        user=_user(request), application_pk=pk, pk=document_id
    )
    try:
        applications.evidence_document_delete(
            application=document.application, document_id=document.pk
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("appregister:application", pk=pk)
    messages.success(request, "Le document est retiré.")
    return redirect("appregister:step", pk=pk, step="preuves")


@require_GET
@owner_view
def document(request: HttpRequest, pk: int, document_id: UUID) -> HttpResponseBase:
    row = selectors.publisher_document_get(user=_user(request), application_pk=pk, pk=document_id)
    return decrypted_attachment(row)


@require_GET
@owner_view
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.publisher_application_get(user=_user(request), pk=pk)
    if refused := _editable_or_status(request, application):
        return refused
    return render(
        request,
        "appregister/summary.html",
        {
            "application": application,
            "missing": applications.missing_items(application=application),
            "blocks": selectors.application_criteria(application=application),
            "steps": _steps(application, SUMMARY),
        },
    )


@post_only(redirect_to="appregister:publisher_home")
@owner_view
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    application = selectors.publisher_application_get(user=user, pk=pk)
    try:
        applications.application_submit(application=application, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if application.is_editable:
            return redirect("appregister:summary", pk=pk)
        return redirect("appregister:application", pk=pk)
    messages.success(
        request, "Votre demande est envoyée. Vous recevrez un courriel à chaque étape."
    )
    return redirect("appregister:application", pk=pk)


@owner_view
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The status page, and the declaration of a material change once labelled."""
    user = _user(request)
    application = selectors.publisher_application_get(user=user, pk=pk)
    form = MaterialChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            aftercare.material_change_declare(
                application_id=application.pk, user=user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "Votre déclaration est enregistrée\u00a0; l’Ordre l’examinera."
            )
            return redirect("appregister:application", pk=pk)
    return render(
        request,
        "appregister/application.html",
        {
            "application": application,
            "history": application.history.all(),
            "changes": application.material_changes.all(),
            "change_form": form,
            "may_declare": application.status
            in (ApplicationStatus.GRANTED, ApplicationStatus.SUSPENDED),
        },
        status=400 if form.errors else 200,
    )
