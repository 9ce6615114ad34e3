"""Refuse to deploy with a payment provider that cannot be trusted with real money."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

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


DIRECT_DEBIT_PROVIDERS = ("", "sepa_file", "stripe")


@register()
def direct_debit_provider_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Stripe collects SEPA debits only when it also takes the payments: with another payment
    provider, « Payer par prélèvement SEPA » would silently never show."""
    name = getattr(settings, "DIRECT_DEBIT_PROVIDER", "")
    if name not in DIRECT_DEBIT_PROVIDERS:
        return [
            Error(
                f"DIRECT_DEBIT_PROVIDER={name!r} is unknown.",
                hint="Choose sepa_file, stripe, or leave it empty for no direct debit.",
                id="cotisations.E010",
            )
        ]
    if name == "stripe" and settings.PAYMENT_PROVIDER != "stripe":
        return [
            Warning(
                "DIRECT_DEBIT_PROVIDER=stripe needs PAYMENT_PROVIDER=stripe: no SEPA debit is "
                "offered meanwhile.",
                id="cotisations.W010",
            )
        ]
    return []
