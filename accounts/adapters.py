"""allauth customisation for the portal (no copied allauth views)."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.utils import get_next_redirect_url
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accounts.auth_backends import MFA_ANNOTATION
from portal.emails import email_message
from portal.ratelimit import client_ip
from psc.logout import end_session_url, id_token_keep

_PORTAL = "le portail de l’Ordre des médecins"
_SECURITY_REASON = (
    "Vous recevez ce message parce qu’une modification touchant à la sécurité a été faite sur "
    f"votre compte sur {_PORTAL}."
)
# Why the person receives each allauth email (the last line of every email, see
# portal.emails). An allauth email missing here gets the generic reason.
ACCOUNT_EMAIL_REASONS: dict[str, str] = {
    "account/email/email_confirmation_signup": (
        f"Vous recevez ce message parce que cette adresse a servi à créer un compte sur {_PORTAL}."
    ),
    "account/email/email_confirmation": (
        f"Vous recevez ce message parce que cette adresse a été ajoutée à un compte sur {_PORTAL}."
    ),
    "account/email/email_confirm": (
        "Vous recevez ce message parce que cette adresse a été saisie pour un compte sur "
        f"{_PORTAL}."
    ),
    "account/email/account_already_exists": (
        "Vous recevez ce message parce que cette adresse a été saisie pour créer un compte sur "
        f"{_PORTAL}."
    ),
    "account/email/unknown_account": (
        f"Vous recevez ce message parce que cette adresse a été saisie sur {_PORTAL}."
    ),
    "account/email/login_code": (
        "Vous recevez ce message parce qu’une connexion par code a été demandée pour votre "
        f"compte sur {_PORTAL}."
    ),
    "account/email/password_reset_key": (
        "Vous recevez ce message parce qu’un nouveau mot de passe a été demandé pour le compte "
        f"lié à cette adresse sur {_PORTAL}."
    ),
    "account/email/password_reset_code": (
        "Vous recevez ce message parce qu’un nouveau mot de passe a été demandé pour le compte "
        f"lié à cette adresse sur {_PORTAL}."
    ),
    **{
        f"account/email/{name}": _SECURITY_REASON
        for name in (
            "password_changed",
            "password_set",
            "password_reset",
            "email_changed",
            "email_deleted",
        )
    },
    **{
        f"mfa/email/{name}": _SECURITY_REASON
        for name in (
            "totp_activated",
            "totp_deactivated",
            "recovery_codes_generated",
            "webauthn_added",
            "webauthn_removed",
        )
    },
    **{
        f"socialaccount/email/{name}": _SECURITY_REASON
        for name in ("account_connected", "account_disconnected")
    },
}
DEFAULT_ACCOUNT_EMAIL_REASON = (
    f"Vous recevez ce message parce que cette adresse est liée à un compte sur {_PORTAL}."
)


@dataclass(frozen=True)
class PortalSite:
    """What allauth's templates know as `current_site`: the council, not the request's host
    (without the Sites framework allauth would name the site after the host)."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits and session records read the address as the portal's do."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The "key" of ACCOUNT_RATE_LIMITS["login_failed"]: one account *from one client*.

        allauth keys failures on the email alone, so anyone typing five wrong passwords for a
        doctor's address would lock that doctor out (R1 #1). Keyed on (account, client), an
        attacker only slows themselves down; a successful password reset clears the key of the
        client that reset it (allauth's `_delete_login_attempts_cached_email` uses this key),
        which is the doctor's way out. docs/security.md, "Login failures".
        """
        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.is_authenticated and user.is_staff and not user.is_claimed_doctor:
            return reverse("admin:index")
        # Otherwise "Mon espace", which sends each person on (doctor, student, or the choice).
        return super().get_login_redirect_url(request)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        id_token_keep(request, kwargs.get("signal_kwargs"))
        return super().post_login(request, user, **kwargs)

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> HttpResponse:
        """A closed account within its grace period is offered to reopen, once the password
        (or passkey, or Pro Santé Connect) proved it is its owner (privacy.views)."""
        from privacy.views import reopen_offer  # privacy builds on accounts, not the reverse

        return reopen_offer(request, user) or super().respond_user_inactive(request, user)

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """A session opened through Pro Santé Connect ends there too (RP-initiated logout):
        computed before the session is flushed, PSC sends the doctor back to the home page."""
        return end_session_url(request) or super().get_logout_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # Without a `next` (a student's comes from « Faire ma première inscription »), a new
        # account lands on "Mon espace", which asks whether they are a doctor or a student.
        return reverse("doctor_space")

    def get_email_verification_redirect_url(self, email_address: EmailAddress) -> str:
        """After a code (or link) confirms an address outside signup: an added or new address.

        Signup's own confirmation resumes the login and goes to its `next` (allauth's login
        stage); this is the other case, e.g. a doctor changing their login email.
        """
        request = self.request
        next_url = get_next_redirect_url(request)
        if next_url:
            return next_url
        if request.user.is_authenticated:
            return reverse("account_email")
        return super().get_email_verification_redirect_url(email_address)

    def get_reauthentication_methods(
        self, user: AbstractBaseUser | AnonymousUser
    ) -> list[dict[str, str]]:
        """Where a sensitive action (e.g. changing the login email) sends to confirm access.

        The first method is where allauth redirects: with two-factor on, the authenticator
        app's code (or a recovery code) rather than the password alone.
        """
        methods: list[dict[str, str]] = super().get_reauthentication_methods(user)
        mfa_first = sorted(methods, key=lambda m: m["id"] != "mfa_reauthenticate")
        return mfa_first

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """allauth's emails are built by portal.emails: the portal's base templates, the
        council as sender and signature, and the reason line."""
        # allauth passes the request for its own templates; ours do not need it.
        context = {k: v for k, v in context.items() if k != "request"}
        return email_message(
            to=email,
            template=template_prefix,
            reason=ACCOUNT_EMAIL_REASONS.get(template_prefix, DEFAULT_ACCOUNT_EMAIL_REASON),
            context={**context, "current_site": portal_site()},
            headers=headers,
        )

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        self.render_mail(template_prefix, email, {"email": email, **context}).send()


class MFAAdapter(DefaultMFAAdapter):
    def is_mfa_enabled(self, user: AbstractBaseUser, types: Any = None) -> bool:
        """Answered from the session's user query when it asked (accounts.auth_backends)."""
        if types is None:
            known = getattr(user, MFA_ANNOTATION, None)
            if known is not None:
                return bool(known)
        return super().is_mfa_enabled(user, types=types)
