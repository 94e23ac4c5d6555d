from django.contrib.auth import get_backends
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from gcm_portal.accounts.tokens import token_delete, token_is_expired


class _TokenExpired(Exception):
    def __init__(self, user):
        self.user = user


class PortalTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer <key>` (the standard scheme, which generated clients send) or
    `Authorization: Token <key>` (as earlier scripts do), refused when the sign-in backends
    would refuse the user, and once the token has expired.

    A session is dropped once its user may no longer sign in (a demo account when DEBUG is
    off): a token must stop working in the same case. An expired token is deleted and
    answered 401 `token_expired` (gcm_portal/accounts/tokens.py). A script that does not say
    which language it wants (no Accept-Language) gets messages in the user's saved preference.
    """

    keyword = "Bearer"
    # Every scheme name a token is accepted under; `keyword` is the one a 401 names.
    keywords = ("Bearer", "Token")

    def authenticate(self, request):
        try:
            result = self._authenticate_any_keyword(request)
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

    def _authenticate_any_keyword(self, request):
        """DRF's TokenAuthentication.authenticate, for each name in `keywords`."""
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in {k.lower().encode() for k in self.keywords}:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. No credentials provided.")
                if len(words) == 1
                else _("Invalid token header. Token string should not contain spaces.")
            )
        try:
            key = words[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. Token string should not contain invalid characters.")
            ) from None
        return self.authenticate_credentials(key)

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


class PortalTokenScheme(OpenApiAuthenticationExtension):
    """Declares the token as an HTTP bearer scheme, which client generators understand
    (drf-spectacular's own extension for TokenAuthentication describes a "Token" API key)."""

    target_class = PortalTokenAuthentication
    name = "bearerAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A token from POST /api/v1/auth/token/, sent as `Authorization: Bearer "
                "<token>` (`Authorization: Token <token>` is accepted too)."
            ),
        }
