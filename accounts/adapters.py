"""allauth customisation for the portal (no copied allauth views)."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse

from portal.emails import email_message

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
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.is_authenticated and user.is_staff and not user.is_claimed_doctor:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)

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
