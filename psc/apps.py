from django.apps import AppConfig


class PscConfig(AppConfig):
    """Pro Santé Connect: the State's OpenID Connect federation for health professionals."""

    name = "psc"
    verbose_name = "Pro Santé Connect"
