"""API tokens: how long they last, issuing one, and reading when it expires.

A token works for API_TOKEN_LIFETIME_DAYS from when it was made (`Token.created`); the
expiry is not stored, so changing the setting moves it for every token that exists. Asking
for a token again while it is valid returns the same token with the same expiry: signing in
does not extend a key that is in use, so a key that leaked stops working at the latest one
lifetime after it was made. Its holder who wants a new key sooner revokes it first
(DELETE /api/v1/auth/token/). A token used after its expiry is deleted and refused
(`PortalTokenAuthentication`, 401 `token_expired`).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from gcm_portal.accounts.models import User


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + token_lifetime()


def token_is_expired(token: Token, *, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


def token_for_user(*, user: User) -> Token | None:
    """The user's token, expired or not; None when they have none."""
    return Token.objects.filter(user=user).first()


def token_issue(*, user: User) -> Token:
    """The user's token while it is valid; otherwise a new one, replacing the expired one."""
    token, created = Token.objects.get_or_create(user=user)
    if created or not token_is_expired(token):
        return token
    token_delete(token)
    # get_or_create: a sign-in at the same moment may have made the new token already.
    return Token.objects.get_or_create(user=user)[0]


def token_delete(token: Token) -> None:
    # By key: a request at the same moment may have deleted it already.
    Token.objects.filter(pk=token.pk).delete()
