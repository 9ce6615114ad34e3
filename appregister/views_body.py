"""The certification body's space: its assigned applications, one result per criterion,
then the recommendation. Every lookup is scoped to the assessor's body (404 otherwise)."""

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import User
from appregister import selectors
from appregister.forms import RecommendationForm, ResultForm, errors_to_form
from appregister.models import AppApplication, ApplicationStatus
from appregister.services import assessment
from portal.http import post_only
from vault.http import decrypted_attachment


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def assessor_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in as a body's assessor; anyone else goes to their own space."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if selectors.membership_for(user=_user(request)) is None:
            return redirect("doctor_space")
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


def owner_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in, not cached; the view looks the application up among those assigned to the
    user's body, so any other (or a non-assessor) gets a logged 404."""
    return login_required(never_cache(view))


@require_GET
@assessor_required
def body_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "appregister/body_home.html",
        {
            "membership": selectors.membership_for(user=user),
            "applications": selectors.body_applications(user=user),
        },
    )


def _detail(
    request: HttpRequest,
    application: AppApplication,
    *,
    failed: dict[int, ResultForm] | None = None,
    recommendation_form: RecommendationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    failed = failed or {}
    blocks = [
        {
            "domain": block.domain,
            "rows": [
                {
                    "row": row,
                    "form": failed.get(row.criterion.pk)
                    or ResultForm(
                        prefix=f"c{row.criterion.pk}",
                        initial={
                            "result": row.result.result,
                            "comment": row.result.comment,
                            "evidence_reviewed": row.result.evidence_reviewed,
                        }
                        if row.result
                        else None,
                    ),
                }
                for row in block.rows
            ],
        }
        for block in selectors.application_criteria(application=application)
    ]
    return render(
        request,
        "appregister/body_application.html",
        {
            "application": application,
            "blocks": blocks,
            "assessing": application.status == ApplicationStatus.ASSIGNED,
            "recommendation_form": recommendation_form or RecommendationForm(),
            "recommendations": application.recommendations.all(),
        },
        status=status,
    )


@require_GET
@owner_view
def body_application(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.body_application_get(user=_user(request), pk=pk))


def _detail_url(request: HttpRequest, pk: int, **kwargs: object) -> str:
    return reverse("appregister:body_application", args=[pk])


@post_only(redirect_to=_detail_url)
@owner_view
def result_save(request: HttpRequest, pk: int, criterion_id: int) -> HttpResponse:
    user = _user(request)
    application = selectors.body_application_get(user=user, pk=pk)
    form = ResultForm(request.POST, prefix=f"c{criterion_id}")
    if form.is_valid():
        try:
            assessment.result_record(
                application_id=application.pk,
                assessor=user,
                criterion_id=criterion_id,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
    if form.errors:
        return _detail(request, application, failed={criterion_id: form}, status=400)
    messages.success(request, "Le résultat est enregistré.")
    return redirect(
        reverse("appregister:body_application", args=[pk]) + f"#resultat-{criterion_id}"
    )


@post_only(redirect_to=_detail_url)
@owner_view
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    application = selectors.body_application_get(user=user, pk=pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            assessment.assessment_complete(
                application_id=application.pk, assessor=user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
    if form.errors:
        return _detail(request, application, recommendation_form=form, status=400)
    messages.success(request, "Votre avis est transmis à l’Ordre, qui prendra sa décision.")
    return redirect("appregister:body_application", pk=pk)


@require_GET
@owner_view
def body_document(request: HttpRequest, pk: int, document_id: UUID) -> HttpResponseBase:
    row = selectors.body_document_get(user=_user(request), application_pk=pk, pk=document_id)
    return decrypted_attachment(row)
