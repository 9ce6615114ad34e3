"""Refuse to deploy with a payment provider that cannot be trusted with real money."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from cotisations.providers import PROVIDER_NAMES


@register(Tags.security, deploy=True)
def payment_provider_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    name = settings.PAYMENT_PROVIDER
    if name not in PROVIDER_NAMES:
        errors.append(
            Error(
                f"PAYMENT_PROVIDER={name!r} is unknown.",
                hint=f"Choose one of {', '.join(PROVIDER_NAMES)}.",
                id="cotisations.E001",
            )
        )
    elif name == "stripe" and not (settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET):
        errors.append(
            Error(
                "PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
                id="cotisations.E002",
            )
        )
    elif name == "dummy" and not settings.DEBUG:
        errors.append(
            Error(
                "PAYMENT_PROVIDER=dummy in production would let anyone mark dues as paid.",
                hint="Set PAYMENT_PROVIDER=stripe with STRIPE_SECRET_KEY and "
                "STRIPE_WEBHOOK_SECRET.",
                id="cotisations.E003",
            )
        )
    return errors
