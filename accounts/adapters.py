"""allauth customisation for the portal (no copied allauth views)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.utils import get_next_redirect_url
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
