"""Personal API tokens (DRF authtoken) that doctors use in their own scripts."""

import logging

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import User

logger = logging.getLogger("accounts.tokens")


def api_token_create(*, user: User) -> Token:
    """Issue a new token for `user`, replacing any previous one (one token per user)."""
    with transaction.atomic():
        replaced, _ = Token.objects.filter(user=user).delete()
        token = Token(user=user)
        # Token.save() draws the key; full_clean would reject the still-empty key first.
        token.save()
    logger.info("api token created user=%s replaced=%s", user.pk, bool(replaced))
    return token


def api_token_revoke(*, user: User) -> bool:
    """Delete the token of `user`; returns whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        logger.info("api token revoked user=%s", user.pk)
    return bool(deleted)
