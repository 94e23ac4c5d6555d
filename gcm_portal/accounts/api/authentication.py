from django.contrib.auth import get_backends
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class PortalTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused when the sign-in backends would refuse the user.

    A session is dropped once its user may no longer sign in (a demo account when DEBUG is
    off): a token must stop working in the same case. A script that does not say which
    language it wants (no Accept-Language) gets messages in the user's saved preference.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and "HTTP_ACCEPT_LANGUAGE" not in request.META:
            language = result[0].preferred_language
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return result

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not any(
            backend.user_can_authenticate(user)
            for backend in get_backends()
            if hasattr(backend, "user_can_authenticate")
        ):
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token
