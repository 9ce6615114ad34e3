"""The contact form and its thank-you page: thin views over the services."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from contact.forms import ContactForm
from contact.selectors import contact_initial, contact_request_for_reference
from contact.services import contact_request_create
from portal import ratelimit

SESSION_KEY = "contact_reference"
# A honeypot hit sees the same thank-you page, with this marker instead of a reference.
TRAPPED = "-"


def _rate_limited(request: HttpRequest, email: str) -> ratelimit.RateLimitResult | None:
    rate = settings.CONTACT_RATE_LIMIT
    for key in (
        f"contact:ip:{ratelimit.client_ip(request)}",
        f"contact:email:{email.strip().lower()}",
    ):
        result = ratelimit.hit(key, rate)
        if not result.allowed:
            return result
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def contact_form(request: HttpRequest) -> HttpResponse:
    status = 200
    retry_after = None
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            limited = _rate_limited(request, form.cleaned_data["email"])
            if limited is not None:
                minutes = ratelimit.retry_minutes(limited)
                form.add_error(
                    None,
                    "Vous avez envoyé plusieurs messages en peu de temps. Réessayez dans "
                    f"{minutes}\u00a0minute{'s' if minutes > 1 else ''}\u00a0: votre message "
                    "est conservé ci-dessous. En cas d’urgence, téléphonez à votre conseil "
                    "départemental.",
                )
                status, retry_after = 429, limited.retry_after
            elif form.is_trapped():
                # Looks accepted, so the robot learns nothing; nothing is stored or sent.
                request.session[SESSION_KEY] = TRAPPED
                return redirect("contact:thanks")
            else:
                user = request.user if isinstance(request.user, User) else None
                created = contact_request_create(**form.service_arguments(), user=user)
                request.session[SESSION_KEY] = created.reference
                return redirect("contact:thanks")
    else:
        form = ContactForm(initial=contact_initial(params=request.GET, user=request.user))
    response = render(request, "contact/form.html", {"form": form}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
def contact_thanks(request: HttpRequest) -> HttpResponse:
    """The reference of the request this browser sent, and no other."""
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("contact:form")
    contact_request = None
    if reference != TRAPPED:
        contact_request = contact_request_for_reference(reference=reference)
        if contact_request is None:  # purged or deleted since
            request.session.pop(SESSION_KEY, None)
            return redirect("contact:form")
    return render(
        request,
        "contact/thanks.html",
        {"contact_request": contact_request, "trapped": reference == TRAPPED},
    )
