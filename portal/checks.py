"""System checks of the portal's own settings."""

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register

from portal.settings.public_address import deprecated_site_url_names


@register(Tags.compatibility)
def deprecated_site_url_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The per-app public addresses of before A1: still read for this release, then removed."""
    return [
        Warning(
            f"{name} is deprecated: the portal's public address is SITE_URL.",
            hint="Set SITE_URL to the same value and remove " + name + " (docs/configuration.md).",
            id="portal.W001",
        )
        for name in deprecated_site_url_names()
    ]
