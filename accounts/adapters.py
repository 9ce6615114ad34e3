"""allauth customisation for the portal (no copied allauth views)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.utils import get_next_redirect_url
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.is_authenticated and user.is_staff and not user.is_claimed_doctor:
            return reverse("admin:index")
        # Otherwise "Mon espace", which sends each person on (doctor, student, or the choice).
        return super().get_login_redirect_url(request)

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
