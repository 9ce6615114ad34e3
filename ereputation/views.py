"""The helper's pages under /espace/e-reputation/: thin views over the analysis and services.

Nothing of a review is kept between requests: each step (analysis, reply check, download)
receives the review again in the form's hidden fields and analyses it anew. The review and the
reply are marked sensitive, so that an error report never carries them.
"""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from accounts.models import User
from ereputation import selectors, services
from ereputation.advice import (
    SECRECY_REMINDER,
    deadline_for,
    reply_advice,
    reply_template,
    right_of_reply_applies,
    steps_for,
)
from ereputation.analysis import review_analyze
from ereputation.categories import LICITE
from ereputation.documents import DOCUMENTS, Case, document_pdf, document_text
from ereputation.forms import NotifierForm, PracticeForm, ReplyForm, ReviewForm
from ereputation.secrecy import reply_check
from portal import ratelimit
from portal.downloads import private_attachment
from portal.http import post_only
from vault.http import vault_required

SENSITIVE = ("text", "url", "reply")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _limit(request: HttpRequest) -> ratelimit.RateLimitResult:
    return ratelimit.hit(f"ereputation:{_user(request).pk}", settings.EREPUTATION_RATE)


def _case(review: dict[str, Any], user: User, notifier: dict[str, str] | None = None) -> Case:
    today = timezone.localdate()
    analysis = review_analyze(review["text"], cues=selectors.cue_set())
    return Case(
        text=review["text"],
        platform=review["platform"],
        published_on=review["published_on"],
        url=review["url"],
        analysis=analysis,
        deadline=deadline_for(review["published_on"], today=today),
        notifier_name=(notifier or {}).get("name", ""),
        notifier_email=(notifier or {}).get("email", ""),
    )


def _notifier_initial(user: User) -> dict[str, str]:
    doctor = getattr(user, "doctor", None)
    name = f"{doctor.first_name} {doctor.last_name}" if doctor is not None else ""
    return {"name": name, "email": user.email}


def _result(request: HttpRequest, review_form: ReviewForm, **extra: Any) -> HttpResponse:
    user = _user(request)
    case = _case(review_form.cleaned_data, user)
    advice = reply_advice(case.analysis)
    practice = extra.pop("practice_form", None) or PracticeForm()
    practice_data = practice.cleaned_data if practice.is_bound and practice.is_valid() else {}
    template = reply_template(**practice_data)
    context = {
        "case": case,
        "review_form": review_form,
        "step_rows": [
            (step, DOCUMENTS.get(step.document))
            for step in steps_for(case.analysis, platform=case.platform, deadline=case.deadline)
        ],
        "licit": LICITE,
        "secrecy_reminder": SECRECY_REMINDER,
        "advice": advice,
        "reply_form": extra.pop("reply_form", None) or ReplyForm(initial={"reply": template}),
        "practice_form": practice,
        "notifier_form": NotifierForm(initial=_notifier_initial(user)),
        "right_of_reply": right_of_reply_applies(case.platform),
        **extra,
    }
    return render(request, "ereputation/result.html", context)


@require_GET
@vault_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "ereputation/home.html",
        {"form": ReviewForm(), "kept": selectors.kept_analysis_list(owner=user)},
    )


@sensitive_post_parameters(*SENSITIVE)
@post_only(redirect_to="ereputation:home")
@vault_required
def analyse(request: HttpRequest) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        kept = selectors.kept_analysis_list(owner=_user(request))
        return render(request, "ereputation/home.html", {"form": form, "kept": kept}, status=400)
    if not (limit := _limit(request)).allowed:
        return ratelimit.refused_page(request, limit)
    return _result(request, form)


@sensitive_post_parameters(*SENSITIVE)
@post_only(redirect_to="ereputation:home")
@vault_required
def reply(request: HttpRequest) -> HttpResponse:
    """The secrecy check: the reply is shown ready to copy only once nothing is flagged."""
    review_form = ReviewForm(request.POST)
    if not review_form.is_valid():
        return redirect("ereputation:home")
    if not (limit := _limit(request)).allowed:
        return ratelimit.refused_page(request, limit)
    practice = PracticeForm(request.POST)
    if "template" in request.POST:
        # « Remplir le modèle »: the neutral text with the practice's details, to check next.
        return _result(request, review_form, practice_form=practice, anchor="reponse")
    reply_form = ReplyForm(request.POST)
    check = None
    if reply_form.is_valid():
        check = reply_check(
            reply_form.cleaned_data["reply"],
            cues=selectors.cue_set(),
            review=review_form.cleaned_data["text"],
        )
    status = 200 if check is not None and check.safe else 400
    response = _result(
        request,
        review_form,
        reply_form=reply_form,
        practice_form=practice,
        check=check,
        anchor="reponse",
    )
    response.status_code = status
    return response


@sensitive_post_parameters(*SENSITIVE)
@post_only(redirect_to="ereputation:home")
@vault_required
def download(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    document = DOCUMENTS.get(kind)
    if document is None or extension not in ("txt", "pdf"):
        raise Http404
    review_form, notifier_form = ReviewForm(request.POST), NotifierForm(request.POST)
    if not review_form.is_valid():
        return redirect("ereputation:home")
    notifier = notifier_form.cleaned_data if notifier_form.is_valid() else {}
    case = _case(review_form.cleaned_data, _user(request), notifier)
    if kind == "dsa" and not case.analysis.illegal:
        raise Http404  # a notice of illegal content only where the review is illegal
    if kind == "droit_de_reponse" and not right_of_reply_applies(case.platform):
        raise Http404
    today = timezone.localdate()
    name = f"{document.filename}-{case.published_on.isoformat()}.{extension}"
    if extension == "pdf":
        return private_attachment(
            document_pdf(document, case, today=today), filename=name, content_type="application/pdf"
        )
    return private_attachment(
        document_text(document, case, today=today).encode("utf-8"),
        filename=name,
        content_type="text/plain; charset=utf-8",
    )


@sensitive_post_parameters(*SENSITIVE)
@post_only(redirect_to="ereputation:home")
@vault_required
def keep(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return redirect("ereputation:home")
    data = form.cleaned_data
    analysis = review_analyze(data["text"], cues=selectors.cue_set())
    try:
        row = services.kept_analysis_keep(
            owner=user,
            text=data["text"],
            platform=data["platform"],
            published_on=data["published_on"],
            url=data["url"],
            categories=tuple(sorted(analysis.keys)),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("ereputation:home")
    messages.success(request, "L’analyse est conservée, chiffrée, dans votre espace.")
    return redirect("ereputation:kept", analysis_id=row.pk)


@require_GET
@vault_required
def kept(request: HttpRequest, analysis_id: uuid.UUID) -> HttpResponse:
    row = selectors.kept_analysis_get(owner=_user(request), analysis_id=analysis_id)
    content = services.kept_analysis_read(analysis=row)
    form = ReviewForm(
        {
            "text": content.text,
            "platform": content.platform,
            "published_on": content.published_on.isoformat(),
            "url": content.url,
        }
    )
    if not form.is_valid():  # kept before a rule changed: show what can be shown
        raise Http404
    return _result(request, form, kept_row=row)


@post_only(redirect_to="ereputation:home")
@vault_required
def delete(request: HttpRequest, analysis_id: uuid.UUID) -> HttpResponse:
    row = selectors.kept_analysis_get(owner=_user(request), analysis_id=analysis_id)
    services.kept_analysis_delete(analysis=row)
    messages.success(request, "L’analyse conservée est supprimée.")
    return redirect("ereputation:home")
