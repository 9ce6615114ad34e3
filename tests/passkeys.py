"""A software passkey: a real P-256 key making real WebAuthn responses, as a browser would
send them, so allauth's fido2 verification runs unmodified."""

import json
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import sha256, websafe_decode, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

ORIGIN = "http://testserver"


class SoftPasskey:
    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0
        self.rp_id = ""
        self.user_handle = b""

    def _client_data(self, kind: str, challenge: str) -> CollectedClientData:
        return CollectedClientData.create(
            type=kind, challenge=websafe_decode(challenge), origin=ORIGIN
        )

    def create(self, creation_options: dict[str, Any]) -> dict[str, Any]:
        options = creation_options["publicKey"]
        self.rp_id = options["rp"]["id"]
        self.user_handle = websafe_decode(options["user"]["id"])
        client_data = self._client_data("webauthn.create", options["challenge"])
        credential = AttestedCredentialData.create(
            b"\0" * 16, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
        auth_data = AuthenticatorData.create(
            sha256(self.rp_id.encode()), flags, self.counter, bytes(credential)
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "type": "public-key",
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": websafe_encode(bytes(client_data)),
                "attestationObject": websafe_encode(bytes(attestation)),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, request_options: dict[str, Any]) -> dict[str, Any]:
        options = request_options["publicKey"]
        self.counter += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV
        auth_data = AuthenticatorData.create(sha256(self.rp_id.encode()), flags, self.counter)
        signature = self.key.sign(bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256()))
        return {
            "type": "public-key",
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": websafe_encode(bytes(client_data)),
                "authenticatorData": websafe_encode(bytes(auth_data)),
                "signature": websafe_encode(signature),
                "userHandle": websafe_encode(self.user_handle),
            },
            "clientExtensionResults": {},
        }


def js_data(html: str) -> dict[str, Any]:
    """The JSON allauth's templates hand to their scripts (`json_script:"js_data"`)."""
    start = html.index('<script id="js_data" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])
