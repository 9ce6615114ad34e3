"""The public register: search and filters, a page per listed app (with doctors' reports),
and the verification of a label number (QR code on the app's page; unknown → 404)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import User
from appregister import selectors
from appregister.forms import ProblemReportForm, RegisterSearchForm
from appregister.models import AppApplication
from appregister.services.aftercare import problem_report_create
from cotisations.documents import qr_data_uri
from portal import ratelimit
from portal.http import post_only


def verification_url(number: str) -> str:
    return settings.SITE_URL + reverse("appregister:verify", args=[number])


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    apps = selectors.register_search(
        text=filters.get("q", ""),
        use_domain=filters.get("domaine", ""),
        platform=filters.get("plateforme", ""),
        audience=filters.get("public", ""),
        medical_device=filters.get("dispositif", ""),
        state=filters.get("etat", ""),
        today=today,
    )
    entries = [(app, selectors.register_state(app, today)) for app in apps[:200]]
    return render(
        request,
        "appregister/register.html",
        {"form": form, "entries": entries, "searched": bool(request.GET)},
    )


def _entry_page(
    request: HttpRequest,
    application: AppApplication,
    *,
    report_form: ProblemReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    label = application.label
    user = request.user
    return render(
        request,
        "appregister/entry.html",
        {
            "application": application,
            "label": label,
            "state": selectors.register_state(application, today),
            "summary": selectors.domain_summary(application=application),
            "changes": application.material_changes.all(),
            "qr": qr_data_uri(verification_url(label.number)),
            "verification_url": verification_url(label.number),
            "may_report": user.is_authenticated and getattr(user, "doctor_id", None) is not None,
            "report_form": report_form or ProblemReportForm(),
        },
        status=status,
    )


@require_GET
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.register_entry(pk=pk)
    if application is None:
        raise Http404
    return _entry_page(request, application)


def _entry_url(request: HttpRequest, pk: int, **kwargs: object) -> str:
    return reverse("appregister:entry", args=[pk])


@post_only(redirect_to=_entry_url)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """A doctor reports a problem with a listed app; anyone else is sent to log in."""
    application = selectors.register_entry(pk=pk)
    if application is None:
        raise Http404
    user = request.user
    if not isinstance(user, User) or user.doctor_id is None:
        return redirect(f"{reverse('account_login')}?next={_entry_url(request, pk)}")
    result = ratelimit.hit(f"appregister:report:{user.pk}", settings.APPREGISTER_REPORT_RATE_LIMIT)
    if not result.allowed:
        return ratelimit.refused_page(request, result)
    form = ProblemReportForm(request.POST)
    if form.is_valid():
        try:
            problem_report_create(
                application_id=pk, reporter=user, message=form.cleaned_data["message"]
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                "Votre signalement est transmis à l’Ordre. Un accusé de réception vous est "
                "envoyé par courriel.",
            )
            return redirect("appregister:entry", pk=pk)
    return _entry_page(request, application, report_form=form, status=400)


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: confirms a label number (app, publisher, validity, state) and nothing more."""
    result = ratelimit.hit(
        f"appregister:verify:{ratelimit.client_ip(request)}", settings.APPREGISTER_VERIFY_RATE_LIMIT
    )
    if not result.allowed:
        return ratelimit.refused_page(request, result)
    label = selectors.label_verify(number=number)
    if label is None:
        return render(request, "appregister/verify_not_found.html", {"number": number}, status=404)
    today = timezone.localdate()
    return render(
        request,
        "appregister/verify.html",
        {
            "label": label,
            "application": label.application,
            "state": selectors.register_state(label.application, today),
        },
    )
