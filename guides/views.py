"""Public pages: the guides, their sheets (HTML and PDF) and the assistant."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.models import User
from guides import selectors, services
from guides.assistant import AssistantAnswer, QuestionError, ask
from guides.forms import FeedbackForm, QuestionForm
from guides.pdf import sheet_pdf
from portal.http import post_only
from portal.page_cache import public_page, public_page_response, public_page_unshared
from portal.ratelimit import client_ip, hit, refused_page


@require_GET
@public_page
def guide_index(request: HttpRequest) -> HttpResponse:
    return render(request, "guides/index.html", {"groups": selectors.guides_by_audience()})


@require_GET
@public_page
def guide_detail(request: HttpRequest, guide: str) -> HttpResponse:
    return render(
        request, "guides/guide_detail.html", {"guide": selectors.guide_get_public(slug=guide)}
    )


@require_GET
@public_page
def sheet_detail(request: HttpRequest, guide: str, sheet: str) -> HttpResponse:
    found = selectors.sheet_get_public(guide_slug=guide, sheet_slug=sheet)
    previous, following = selectors.sheet_siblings(sheet=found)
    return render(
        request,
        "guides/sheet_detail.html",
        {
            "sheet": found,
            "guide": found.guide,
            "rendered": selectors.sheet_rendered(sheet=found),
            "related": list(found.related.all()),
            "previous": previous,
            "following": following,
        },
    )


@require_GET
def sheet_download(request: HttpRequest, guide: str, sheet: str) -> HttpResponse:
    found = selectors.sheet_get_public(guide_slug=guide, sheet_slug=sheet)
    page_url = request.build_absolute_uri(
        reverse("guides:sheet", kwargs={"guide": found.guide.slug, "sheet": found.slug})
    )
    content = sheet_pdf(sheet=found, page_url=page_url)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="fiche-{found.guide.slug}-{found.slug}.pdf"'
    )
    return response


def _rate_limited(request: HttpRequest) -> HttpResponse | None:
    result = hit(f"assistant:ip:{client_ip(request)}", settings.GUIDES_ASSISTANT_RATE)
    if result.allowed:
        return None
    return refused_page(request, result, "guides/assistant_rate_limited.html")


@require_GET
def assistant(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.GET if "q" in request.GET else None)
    if form.is_bound and (limited := _rate_limited(request)):
        return limited
    # Counted above even when stored: the same question asked again is the same page, its
    # feedback form's token excepted (public_page_response's csrf).
    return public_page_response(
        request, lambda: _assistant_page(request, form), early=False, csrf=True
    )


def _assistant_page(request: HttpRequest, form: QuestionForm) -> HttpResponse:
    answer: AssistantAnswer | None = None
    if form.is_bound and form.is_valid():
        try:
            answer = ask(form.cleaned_data["q"])
        except QuestionError as error:
            form.add_error("q", str(error))
    feedback_form = None
    if answer is not None:
        feedback_form = FeedbackForm(
            initial={
                "question": answer.question,
                "sheet": f"{answer.results[0].guide}/{answer.results[0].sheet}"
                if answer.results
                else "",
                "answered": answer.answered,
            }
        )
    response = render(
        request,
        "guides/assistant.html",
        {
            "form": form,
            "answer": answer,
            "feedback_form": feedback_form,
            "contact_url": settings.GUIDES_CONTACT_URL,
            # After « Non »: the question, to prefill the contact form with it.
            "unhelpful_question": _unhelpful_question(request) if answer is None else "",
        },
    )
    if answer is not None and not answer.answered:
        # ask() counts the question for staff on every visit: the page must be built each time.
        public_page_unshared(response)
    return response


def _unhelpful_question(request: HttpRequest) -> str:
    if request.GET.get("avis") != "non":
        return ""
    return " ".join(request.GET.get("question", "").split())[: services.MAX_QUESTION_LENGTH]


@post_only(redirect_to="guides:assistant")
def assistant_feedback(request: HttpRequest) -> HttpResponse:
    if limited := _rate_limited(request):
        return limited
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Votre avis n’a pas pu être enregistré : choisissez « Oui » ou « Non »."
        )
        return redirect(reverse("guides:assistant"))
    sheet = (
        selectors.sheet_get_by_key(key=form.cleaned_data["sheet"])
        if form.cleaned_data["sheet"]
        else None
    )
    services.feedback_record(
        question=form.cleaned_data["question"],
        helpful=form.cleaned_data["helpful"],
        sheet=sheet,
        answered=form.cleaned_data["answered"],
        user=request.user if isinstance(request.user, User) else None,
    )
    messages.success(
        request, "Merci, votre avis a bien été enregistré. Il nous aide à améliorer les fiches."
    )
    if not form.cleaned_data["helpful"]:
        # The page then offers to ask the Ordre itself, the question already written.
        query = urlencode({"avis": "non", "question": form.cleaned_data["question"]})
        return redirect(f"{reverse('guides:assistant')}?{query}")
    return redirect(reverse("guides:assistant"))
