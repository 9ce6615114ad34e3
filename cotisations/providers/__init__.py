"""Payment providers, chosen by name with the PAYMENT_PROVIDER setting."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cotisations.providers.base import PaymentProvider

PROVIDER_NAMES = ("dummy", "stripe")


def get_provider(name: str | None = None) -> PaymentProvider:
    """The provider called `name`, or the configured one."""
    name = name or settings.PAYMENT_PROVIDER
    if name == "dummy":
        from cotisations.providers.dummy import DummyProvider

        return DummyProvider()
    if name == "stripe":
        from cotisations.providers.stripe import StripeProvider

        return StripeProvider()
    raise ImproperlyConfigured(
        f"PAYMENT_PROVIDER={name!r} is unknown; choose one of {', '.join(PROVIDER_NAMES)}."
    )
