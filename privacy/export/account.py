"""The account: identity, addresses, second factors (never their secrets), logins, closures."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from rest_framework.authtoken.models import Token

from accounts.models import ClaimChallenge, User
from privacy.export.registry import ExportFiles, Section
from privacy.export.values import json_value, row
from privacy.models import AccountClosure, DataExport

LOGIN_NOTE = (
    "Le portail ne garde pas la liste de chacune de vos connexions : il conserve la date de "
    "la dernière, celle de la dernière utilisation de chaque second facteur et de Pro Santé "
    "Connect. Les journaux techniques du serveur (adresse, heure) sont conservés 12 mois par "
    "l’hébergeur et peuvent être demandés au délégué à la protection des données."
)


def _logins(user: User, factors: list[Authenticator], psc: list[SocialAccount]) -> list[Any]:
    found = []
    if user.last_login:
        found.append({"at": json_value(user.last_login), "method": "compte du portail"})
    for factor in factors:
        if factor.last_used_at:
            found.append(
                {
                    "at": json_value(factor.last_used_at),
                    "method": f"second facteur ({factor.get_type_display()})",
                }
            )
    for account in psc:
        if account.last_login:
            found.append({"at": json_value(account.last_login), "method": "Pro Santé Connect"})
    return sorted(found, key=lambda item: item["at"], reverse=True)


def account_part(user: User, files: ExportFiles) -> dict[str, Any]:
    factors = list(Authenticator.objects.filter(user=user).order_by("created_at"))
    psc = list(SocialAccount.objects.filter(user=user).order_by("date_joined"))
    token = Token.objects.filter(user=user).first()
    return {
        **row(user, ["id", "email", "first_name", "last_name", "date_joined", "last_login"]),
        "is_staff": user.is_staff,
        "email_addresses": [
            row(address, ["email", "verified", "primary"])
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # The type and dates only: the TOTP secret and recovery codes stay on the server.
        "second_factors": [row(f, ["type", "created_at", "last_used_at"]) for f in factors],
        "pro_sante_connect": [
            row(a, ["provider", "uid", "date_joined", "last_login"]) for a in psc
        ],
        "api_token": {"created_at": json_value(token.created)} if token else None,
        "logins": _logins(user, factors, psc),
        "logins_note": LOGIN_NOTE,
        "claim_requests": [
            row(c, ["created_at", "sent_at", "used_at", "superseded_at", "attempts"])
            for c in ClaimChallenge.objects.filter(user=user).order_by("created_at")
        ],
        "closures": [
            row(c, ["status", "closed_at", "purge_after", "reopened_at"])
            for c in AccountClosure.objects.filter(user=user).order_by("closed_at")
        ],
        "exports": [
            row(e, ["status", "requested_at", "ready_at", "downloaded_at", "include_documents"])
            for e in DataExport.objects.filter(user=user).order_by("requested_at")
        ],
    }


SECTION = Section(
    key="account",
    title="Votre compte",
    description="Identité, adresses électroniques, moyens de connexion et leurs dates.",
    collect=account_part,
)
