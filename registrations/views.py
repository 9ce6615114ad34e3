"""Thin views of the applicant's side: the steps, the documents, sending, following."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from accounts.models import User
from portal.http import post_only
from registrations import selectors, services
from registrations.forms import STEP_FORMS, STEP_TITLES, STEPS, DocumentKindForm
from registrations.models import RegistrationRequest, RegistrationStatus
from registrations.summary import registration_summary
from registrations.uploads import REGISTRATION_UPLOADS
from vault.staging import StagedBatch, staged_store
from vault.uploads import streaming_upload


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _registration(request: HttpRequest) -> RegistrationRequest:
    return services.registration_draft_get_or_create(user=_user(request))


SUMMARY = "recapitulatif"


def _documents_url(request: HttpRequest, **kwargs: object) -> str:
    """Where the documents are sent from (the step redirects to the status page when the
    request is no longer editable)."""
    return reverse("registrations:step", kwargs={"step": "documents"})


def _steps(current: str) -> list[dict[str, object]]:
    """The four steps, then the summary that comes before sending."""
    steps: list[dict[str, object]] = [
        {
            "url": reverse("registrations:step", args=[slug]),
            "title": STEP_TITLES[slug],
            "number": n,
            "current": slug == current,
        }
        for n, slug in enumerate(STEPS, start=1)
    ]
    steps.append(
        {
            "url": reverse("registrations:summary"),
            "title": "Récapitulatif et envoi",
            "number": len(STEPS) + 1,
            "current": current == SUMMARY,
        }
    )
    return steps


@never_cache
@login_required
def start(request: HttpRequest) -> HttpResponse:
    existing = selectors.registration_for(user=_user(request))
    if existing is not None and not existing.is_editable:
        return redirect("registrations:status")
    if request.method == "POST":
        _registration(request)
        return redirect("registrations:step", step=STEPS[0])
    return render(
        request,
        "registrations/start.html",
        {"registration": existing, "max_file_bytes": settings.REGISTRATIONS_MAX_FILE_BYTES},
    )


@never_cache
@login_required
def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_TITLES:
        raise Http404
    registration = _registration(request)
    if not registration.is_editable:
        messages.info(request, services.EDIT_REFUSED)
        return redirect("registrations:status")
    if step == "documents":
        return _documents_page(request, registration)
    form_class = STEP_FORMS[step]
    if request.method == "POST":
        form = form_class(request.POST, instance=registration)
        if form.is_valid():
            try:
                services.registration_step_save(
                    registration=registration,
                    data={f: form.cleaned_data[f] for f in form.fields},
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                following = STEPS[STEPS.index(step) + 1]
                messages.success(request, "Vos informations sont enregistrées.")
                return redirect("registrations:step", step=following)
    else:
        form = form_class(instance=registration)
    index = STEPS.index(step)
    return render(
        request,
        "registrations/step.html",
        {
            "form": form,
            "step": step,
            "title": STEP_TITLES[step],
            "steps": _steps(step),
            "previous": STEPS[index - 1] if index else None,
        },
        status=400 if form.errors else 200,
    )


def _documents_page(
    request: HttpRequest,
    registration: RegistrationRequest,
    *,
    errors: list[str] | None = None,
    kind_form: DocumentKindForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "registrations/documents.html",
        {
            "registration": registration,
            "documents": selectors.registration_documents(registration=registration),
            "kind_form": kind_form or DocumentKindForm(),
            "upload_errors": errors or [],
            "max_file_bytes": settings.REGISTRATIONS_MAX_FILE_BYTES,
            "steps": _steps("documents"),
        },
        status=400 if errors else 200,
    )


@csrf_exempt  # checked by streaming_upload once the encrypting handler is in place
@post_only(redirect_to=_documents_url, upload=True)
@never_cache
@login_required
@streaming_upload(REGISTRATION_UPLOADS, field="file")
def upload(request: HttpRequest, batch: StagedBatch) -> HttpResponse:
    registration = _registration(request)
    kind_form = DocumentKindForm(request.POST)
    if not registration.accepts_documents:
        messages.error(request, services.EDIT_REFUSED)
        return redirect("registrations:status")
    errors = list(batch.errors)
    if not kind_form.is_valid():
        errors += [str(e) for field_errors in kind_form.errors.values() for e in field_errors]
    elif not batch and not errors:
        errors.append("Choisissez un fichier à déposer.")
    if errors:
        return _back_to_documents(request, registration, errors=errors, kind_form=kind_form)
    kind = kind_form.cleaned_data["kind"]
    outcome = staged_store(
        batch,
        lambda staged: services.registration_document_add(
            registration=registration, kind=kind, staged=staged
        ),
    )
    if outcome.messages:
        return _back_to_documents(
            request, registration, errors=outcome.messages, kind_form=kind_form
        )
    messages.success(request, "Votre document est déposé.")
    if registration.status == RegistrationStatus.DOCUMENTS_REQUESTED:
        return redirect("registrations:status")
    return redirect("registrations:step", step="documents")


def _back_to_documents(
    request: HttpRequest,
    registration: RegistrationRequest,
    *,
    errors: list[str],
    kind_form: DocumentKindForm,
) -> HttpResponse:
    if registration.status == RegistrationStatus.DOCUMENTS_REQUESTED:
        return _status_page(request, registration, errors=errors, kind_form=kind_form)
    return _documents_page(request, registration, errors=errors, kind_form=kind_form)


@post_only(redirect_to=_documents_url)
@never_cache
@login_required
def document_delete(request: HttpRequest, document_id: str) -> HttpResponse:
    document = selectors.owned_document(user=_user(request), document_id=document_id)
    try:
        services.registration_document_delete(
            registration=document.request, document_id=document.pk
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registrations:status")
    messages.success(request, "Le document est retiré.")
    return redirect("registrations:step", step="documents")


@post_only(redirect_to="registrations:summary")
@never_cache
@login_required
def submit(request: HttpRequest) -> HttpResponse:
    registration = selectors.registration_for(user=_user(request))
    if registration is None:
        return redirect("registrations:start")
    try:
        services.registration_submit(registration=registration, actor=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if registration.is_editable:
            return redirect("registrations:summary")
        return redirect("registrations:status")
    messages.success(
        request, "Votre demande est envoyée. Vous recevrez un courriel à chaque étape."
    )
    return redirect("registrations:status")


@never_cache
@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """Every answer and document on one page, the missing ones linked to their field."""
    registration = selectors.registration_for(user=_user(request))
    if registration is None:
        return redirect("registrations:start")
    if not registration.is_editable:
        return redirect("registrations:status")
    documents = list(selectors.registration_documents(registration=registration))
    return render(
        request,
        "registrations/summary.html",
        {
            "registration": registration,
            "summary": registration_summary(registration=registration, documents=documents),
            "steps": _steps(SUMMARY),
        },
    )


@never_cache
@login_required
def status(request: HttpRequest) -> HttpResponse:
    registration = selectors.registration_for(user=_user(request))
    if registration is None:
        return redirect("registrations:start")
    return _status_page(request, registration)


def _status_page(
    request: HttpRequest,
    registration: RegistrationRequest,
    *,
    errors: list[str] | None = None,
    kind_form: DocumentKindForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "registrations/status.html",
        {
            "registration": registration,
            "documents": selectors.registration_documents(registration=registration),
            "history": registration.history.all(),
            "kind_form": kind_form or DocumentKindForm(initial={"kind": "other"}),
            "upload_errors": errors or [],
            "max_file_bytes": settings.REGISTRATIONS_MAX_FILE_BYTES,
        },
        status=400 if errors else 200,
    )
