from django.contrib.auth import get_backends
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from gcm_portal.accounts.tokens import token_delete, token_is_expired


class _TokenExpired(Exception):
    def __init__(self, user):
        self.user = user


class PortalTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused when the sign-in backends would refuse the user,
    and once the token has expired.

    A session is dropped once its user may no longer sign in (a demo account when DEBUG is
    off): a token must stop working in the same case. An expired token is deleted and
    answered 401 `token_expired` (gcm_portal/accounts/tokens.py). A script that does not say
    which language it wants (no Accept-Language) gets messages in the user's saved preference.
    """

    def authenticate(self, request):
        try:
            result = super().authenticate(request)
        except _TokenExpired as expired:
            self._speak_users_language(request, expired.user)
            raise exceptions.AuthenticationFailed(
                _(
                    "Your API token has expired. Get a new one: send your user name and "
                    "password to /api/v1/auth/token/."
                ),
                code="token_expired",
            ) from None
        if result is not None:
            self._speak_users_language(request, result[0])
        return result

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            token_delete(token)
            raise _TokenExpired(user)
        if not any(
            backend.user_can_authenticate(user)
            for backend in get_backends()
            if hasattr(backend, "user_can_authenticate")
        ):
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token

    @staticmethod
    def _speak_users_language(request, user) -> None:
        if "HTTP_ACCEPT_LANGUAGE" not in request.META:
            language = user.preferred_language
            translation.activate(language)
            request.LANGUAGE_CODE = language
