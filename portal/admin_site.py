"""The admin is reached only through allauth's login, and only with MFA used in this session.

Django's own admin login form is never rendered: it would bypass allauth's rate limits and
MFA. Staff who have not enabled MFA are sent to set it up; staff whose session was opened
without their second factor (they enabled it afterwards) are asked to log in again.
"""

from collections.abc import Callable
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from portal.admin_dashboard import waiting_items
from portal.admin_labels import relabel_admin


def staff_user(request: HttpRequest) -> User:
    """The staff member behind an admin request (the admin site lets only staff in)."""
    user = request.user
    assert isinstance(user, User)
    return user


def session_used_mfa(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and session_used_mfa(request))


def _login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    query = urlencode({REDIRECT_FIELD_NAME: next_url})
    return HttpResponseRedirect(f"{resolve_url(settings.LOGIN_URL)}?{query}")


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return _login_redirect(request)
    if not (user.is_active and user.is_staff):
        raise PermissionDenied
    if not is_mfa_enabled(user):
        messages.warning(
            request,
            "L’accès à l’administration exige la double authentification : activez-la ci-dessous.",
        )
        return HttpResponseRedirect(reverse("mfa_index"))
    if not session_used_mfa(request):
        logout(request)
        messages.info(
            request,
            "Reconnectez-vous avec votre second facteur pour accéder à l’administration.",
        )
        return _login_redirect(request)
    return HttpResponseRedirect(reverse("admin:index"))


def _index_with_waiting_items(
    index: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """The admin index, with the « À traiter » panel's lines (templates/admin/index.html)."""

    def wrapped(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        context = {"waiting_items": waiting_items(user=staff_user(request))}
        context.update(extra_context or {})
        return index(request, extra_context=context)

    return wrapped


def hide_unused_social_accounts(site: admin.AdminSite) -> None:
    """Without a social provider (Pro Santé Connect…), its models are empty noise for staff."""
    if settings.SOCIALACCOUNT_PROVIDERS:
        return
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    for model in (SocialApp, SocialAccount, SocialToken):
        if site.is_registered(model):
            site.unregister(model)


def secure_admin_site() -> None:
    if not getattr(admin.site, "portal_secured", False):
        admin.site.index = _index_with_waiting_items(admin.site.index)  # type: ignore[method-assign,assignment]
        admin.site.portal_secured = True  # type: ignore[attr-defined]
        relabel_admin(admin.site)
    hide_unused_social_accounts(admin.site)
    admin.site.login = admin_login  # type: ignore[method-assign]
    admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]
    admin.site.site_header = "Administration du portail de l’Ordre"
    admin.site.site_title = "Administration de l’Ordre"
    admin.site.index_title = "Tableau de bord"
