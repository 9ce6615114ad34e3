"""Refuse to start with an export section that cannot be loaded: a typo in
PRIVACY_EXPORT_SECTIONS would otherwise surface only when someone asks for their data."""

from typing import Any

from django.core.checks import CheckMessage, Error, register


@register()
def export_sections_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from privacy.export.registry import export_sections

    try:
        export_sections()
    except (ImportError, TypeError, ValueError) as exc:
        return [
            Error(
                f"PRIVACY_EXPORT_SECTIONS is wrong: {exc}",
                hint="Each entry is the dotted path of a privacy.export.registry.Section, "
                "with a key of its own. See docs/data-export.md.",
                id="privacy.E001",
            )
        ]
    return []
