"""allauth customisation for the portal (no copied allauth views)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.is_authenticated and user.is_staff and not user.is_claimed_doctor:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)
