"""allauth's settings for Pro Santé Connect (the `prosanteconnect` provider of `psc`)."""

from urllib.parse import urlsplit

PSC_PROVIDER_ID = "prosanteconnect"
PSC_DEFAULT_SCOPE = ["openid", "scope_all"]


def psc_provider_settings(
    *, client_id: str, secret: str, server_url: str, scope: list[str] | None = None
) -> dict[str, object]:
    return {
        "APPS": [
            {
                "provider_id": PSC_PROVIDER_ID,
                "name": "Pro Santé Connect",
                "client_id": client_id,
                "secret": secret,
                "settings": {
                    # The discovery URL itself, at PSC's wallet path (allauth ≥ 65.2).
                    "server_url": server_url,
                    "token_auth_method": "client_secret_basic",
                    "scope": scope or PSC_DEFAULT_SCOPE,
                },
            }
        ],
    }


def psc_form_action_origins(server_url: str) -> list[str]:
    """Origins the login and logout forms may be redirected to (CSP `form-action`): PSC's
    discovery host by default; PSC_FORM_ACTION_ORIGINS adds the authorization host, which
    differs from the issuer's on PSC (docs/configuration.md)."""
    parts = urlsplit(server_url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []
