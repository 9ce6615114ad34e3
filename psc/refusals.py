"""Why a Pro Santé Connect login is refused, in plain French, with whom to contact."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from councils.models import Council
from councils.selectors import council_for_department, council_national
from roll.models import Doctor

_SECURITY = (
    "La connexion avec Pro Santé Connect n’a pas pu être vérifiée\u00a0: par sécurité, elle "
    "est refusée. Réessayez dans quelques instants\u00a0; si le problème persiste, contactez "
    "votre conseil départemental."
)
_LINK_FROM_ACCOUNT = (
    "Si ce compte est le vôtre, connectez-vous avec votre adresse électronique et votre mot de "
    "passe, puis liez Pro Santé Connect depuis «\u00a0Mes connexions\u00a0» dans votre espace."
)
MESSAGES = {
    "no_rpps": (
        "Votre identité Pro Santé Connect ne comporte pas de numéro RPPS de médecin\u00a0: le "
        "portail ne peut pas vous reconnaître sur le tableau de l’Ordre."
    ),
    "not_doctor": (
        "Pro Santé Connect vous identifie comme professionnel de santé, mais pas comme "
        "médecin\u00a0: l’espace de ce portail est réservé aux médecins inscrits au tableau de "
        "l’Ordre."
    ),
    "not_on_roll": (
        "Votre numéro RPPS ne figure pas au tableau de l’Ordre des médecins. Si vous y êtes "
        "inscrit, contactez votre conseil départemental pour qu’il vérifie votre inscription."
    ),
    "taken": (
        "Votre inscription au tableau est déjà rattachée à un compte du portail. "
        f"{_LINK_FROM_ACCOUNT} Sinon, contactez votre conseil départemental."
    ),
    "other_entry": (
        "Votre compte est rattaché à une autre inscription au tableau que celle de votre "
        "identité Pro Santé Connect. Contactez votre conseil départemental."
    ),
    "no_email": (
        "L’Ordre n’a pas d’adresse électronique pour votre inscription et Pro Santé Connect "
        "n’en transmet pas\u00a0: contactez votre conseil départemental pour la faire "
        "enregistrer, puis réessayez."
    ),
    "email_taken": (
        "Un compte du portail utilise déjà l’adresse électronique de votre inscription. "
        f"{_LINK_FROM_ACCOUNT}"
    ),
    "acr": (
        "Pro Santé Connect n’a pas confirmé un niveau de sécurité suffisant. Connectez-vous avec "
        "votre carte CPS ou l’application e-CPS, puis réessayez."
    ),
    "cancelled": "Vous avez annulé la connexion avec Pro Santé Connect.",
    "security": _SECURITY,
}
# Reasons of psc.tokens (and allauth's) shown with the security message, or this one.
PAGE_FOR_REASON = {"acr_missing": "acr", "acr_too_low": "acr", "cancelled": "cancelled"}


@dataclass(frozen=True)
class Refusal:
    reason: str  # for the log
    message: str
    council: Council | None


def refusal_for(*, reason: str, doctor: Doctor | None = None) -> Refusal:
    key = reason if reason in MESSAGES else PAGE_FOR_REASON.get(reason, "security")
    council = council_for_department(department=doctor.department) if doctor else None
    return Refusal(reason=reason, message=MESSAGES[key], council=council or council_national())


def refusal_page(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    return render(request, "psc/refused.html", {"refusal": refusal}, status=403)
