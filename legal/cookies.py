"""Every cookie the portal sets, declared once: the cookies page lists them, a test checks
that no response sets any other.

The portal sets strictly necessary cookies only (article 82 of the loi Informatique et
libertés exempts them from consent). Names come from the settings, so production's
"__Secure-" prefixed names are the ones shown there.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str  # French, as the cookies page words it
    lifetime: str  # French


def duration_label(seconds: int) -> str:
    """A lifetime in French words: "12 heures", "30 minutes", "1 an", "14 jours"."""
    if seconds % (365 * 86400) == 0 or seconds == 31449600:  # Django's CSRF default: 52 weeks
        years = max(1, round(seconds / (365 * 86400)))
        return f"{years}\u00a0an" + ("s" if years > 1 else "")
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days}\u00a0jour" + ("s" if days > 1 else "")
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours}\u00a0heure" + ("s" if hours > 1 else "")
    minutes = max(1, seconds // 60)
    return f"{minutes}\u00a0minute" + ("s" if minutes > 1 else "")


def cookie_list() -> tuple[Cookie, ...]:
    session_lifetime = duration_label(settings.SESSION_COOKIE_AGE)
    idle = duration_label(settings.SESSION_IDLE_TIMEOUT)
    return (
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose=(
                "Vous garder connecté à votre espace d’une page à l’autre, et retenir l’étape "
                "en cours d’une connexion ou d’un formulaire."
            ),
            lifetime=(
                f"{session_lifetime} au plus\u00a0; la session prend fin après {idle} d’inactivité "
                "ou à la déconnexion."
            ),
        ),
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            purpose=(
                "Protéger les formulaires contre les envois frauduleux depuis un autre site "
                "(falsification de requête)."
            ),
            lifetime=duration_label(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            name=CookieStorage.cookie_name,
            purpose=(
                "Afficher un message de confirmation ou d’erreur sur la page suivante, par "
                "exemple «\u00a0Votre avis a bien été enregistré\u00a0»."
            ),
            lifetime="Jusqu’à l’affichage du message, au plus jusqu’à la fermeture du navigateur.",
        ),
    )


def cookie_names() -> frozenset[str]:
    return frozenset(cookie.name for cookie in cookie_list())
