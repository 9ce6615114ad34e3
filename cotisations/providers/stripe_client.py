"""The Stripe SDK client every Stripe module uses (one place for the key and the test base)."""

from typing import Any

import stripe
from django.conf import settings


def client() -> stripe.StripeClient:
    options: dict[str, Any] = {}
    if settings.STRIPE_API_BASE:
        # Tests point the SDK at a local server that answers like Stripe's API.
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2, **options)
