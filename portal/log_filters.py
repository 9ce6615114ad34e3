"""Keeps secrets that travel in URLs (email-confirmation and password-reset keys, tokens in
query strings) out of access logs."""

import logging
import re

_PATH_SECRETS = re.compile(
    r"(?P<prefix>/(?:confirm-email|password/reset/key)/)(?P<secret>[^/\s?\"]+)"
)
_QUERY_SECRETS = re.compile(
    r"(?P<prefix>[?&](?:key|token|code|secret|password|signature)=)(?P<secret>[^&\s\"]+)",
    re.IGNORECASE,
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    text = _PATH_SECRETS.sub(lambda m: m.group("prefix") + REDACTED, text)
    return _QUERY_SECRETS.sub(lambda m: m.group("prefix") + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
