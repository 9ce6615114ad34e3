"""Checks on what Pro Santé Connect sends back: the ID token and the userinfo answer.

allauth skips the ID token's signature when the token came straight from the token endpoint
(OpenID Connect Core allows it over TLS); the portal checks it anyway against the JWKS, with
`iss`, `aud`, `exp`, the `nonce` of this login and an `acr` of eidas1 or higher. A refusal is a
`PSCRefused` carrying a reason code for the security log and the page; never the token.
"""

import hmac
import json
from typing import Any

import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from requests import RequestException

# Assurance levels PSC may return, weakest first: eidas1 is the CPS card or the e-CPS app.
ACCEPTED_ACR = ("eidas1", "eidas2", "eidas3")
REQUESTED_ACR = "eidas1"
# Asymmetric algorithms only: a token "signed" with HS256 or "none" is refused before its key
# is even looked at.
SIGNING_ALGORITHMS = ["RS256", "PS256", "ES256"]
LEEWAY_SECONDS = 30


class PSCRefused(ProviderException):
    """A PSC answer the portal will not accept; `reason` is a short code, never a secret."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _decode(
    token: str, *, config: dict[str, Any], client_id: str, required: list[str]
) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise PSCRefused("malformed_token") from error
    if header.get("alg") not in SIGNING_ALGORITHMS:
        raise PSCRefused("bad_algorithm")
    try:
        _alg, key = jwtkit.fetch_key(token, config["jwks_uri"], jwtkit.lookup_kid_jwk)
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key,
            algorithms=SIGNING_ALGORITHMS,
            issuer=config["issuer"],
            audience=client_id,
            leeway=LEEWAY_SECONDS,
            options={"require": required},
        )
    except jwt.ExpiredSignatureError as error:
        raise PSCRefused("expired_token") from error
    except jwt.InvalidSignatureError as error:
        raise PSCRefused("bad_signature") from error
    except jwt.InvalidIssuerError as error:
        raise PSCRefused("bad_issuer") from error
    except jwt.InvalidAudienceError as error:
        raise PSCRefused("bad_audience") from error
    except (jwt.PyJWTError, OAuth2Error, RequestException, KeyError) as error:
        raise PSCRefused("invalid_token") from error
    return claims


def id_token_verify(
    token: str, *, config: dict[str, Any], client_id: str, nonce: str
) -> dict[str, Any]:
    """The ID token's claims, once signature, iss, aud, exp, nonce and acr are right."""
    claims = _decode(
        token, config=config, client_id=client_id, required=["iss", "aud", "exp", "iat", "sub"]
    )
    if not nonce or not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise PSCRefused("bad_nonce")
    acr = claims.get("acr")
    if not acr:
        raise PSCRefused("acr_missing")
    if acr not in ACCEPTED_ACR:
        raise PSCRefused("acr_too_low")
    return claims


def userinfo_read(
    *, content_type: str, body: bytes, config: dict[str, Any], client_id: str
) -> dict[str, Any]:
    """Userinfo as PSC serves it: JSON, or a JWT signed with the same keys (application/jwt)."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/jwt":
        return _decode(
            body.decode("ascii", "replace").strip(),
            config=config,
            client_id=client_id,
            required=["iss", "aud", "sub"],
        )
    if media_type != "application/json":
        raise PSCRefused("userinfo_type")
    try:
        data = json.loads(body)
    except ValueError as error:
        raise PSCRefused("userinfo_malformed") from error
    if not isinstance(data, dict):
        raise PSCRefused("userinfo_malformed")
    return data
