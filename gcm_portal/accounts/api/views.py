"""Signing in for a token, signing it out, and who the caller is."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from gcm_portal.accounts import tokens, two_factor
from gcm_portal.accounts.api.authentication import PortalTokenAuthentication
from gcm_portal.accounts.api.serializers import (
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from gcm_portal.accounts.selectors import membership_list_for_user
from gcm_portal.accounts.throttling import seconds_to_wait, wait_message
from gcm_portal.audit.recording import record


class TokenView(GenericAPIView):
    """A token for scripts: POST a user name and password to get it, DELETE to revoke it.

    The password is checked by the same backends as the sign-in page, so demo accounts get
    no token unless DEBUG is on, and failures count towards the same throttling and lock-out
    (django-axes). Accounts with two-step sign-in must also send a current `code`. The token
    lasts API_TOKEN_LIFETIME_DAYS; asking again while it is valid returns it unchanged
    (gcm_portal/accounts/tokens.py).
    """

    serializer_class = TokenRequestSerializer
    pagination_class = None
    # Documented with the 429 answer (gcm_portal/api/schema.py).
    limits_failed_attempts = True

    def get_authenticators(self):
        # Creating a token needs no earlier credentials (and so no CSRF token either).
        if getattr(self.request, "method", None) == "POST":
            return []
        return super().get_authenticators()

    def get_authenticate_header(self, request):
        # Wrong credentials are a 401 that names the scheme, as for every other endpoint.
        return PortalTokenAuthentication.keyword

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        auth=[],
        summary="Get a token",
        description=(
            "The caller's token and when it expires. While it is valid, asking again returns "
            "the same token and expiry (signing in does not extend it); once it has expired, a "
            "new one. To replace a valid token sooner, revoke it (DELETE) and ask again."
        ),
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seconds = seconds_to_wait(request._request, serializer.validated_data["username"])
        if seconds:
            raise exceptions.Throttled(wait=seconds, detail=wait_message(seconds))
        user = authenticate(
            request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            # DRF's wording, translated in its catalogue.
            raise exceptions.AuthenticationFailed(_("Unable to log in with provided credentials."))
        if two_factor.second_factor_required(user) or two_factor.second_factor_enabled(user):
            code = serializer.validated_data.get("code", "")
            if not code:
                raise exceptions.ValidationError(
                    {
                        "code": [
                            _(
                                "This account signs in in two steps: send a current code "
                                "from the authenticator app."
                            )
                        ]
                    }
                )
            try:
                two_factor.second_factor_check(user=user, code=code)
            except two_factor.SecondFactorRefused as refused:
                message = (
                    _("Too many wrong codes. Wait a minute, then enter the newest code.")
                    if refused.throttled
                    else _("That code is not right. Enter the newest code your app shows.")
                )
                raise exceptions.ValidationError({"code": [message]}) from refused
        record("login", actor=user, request=request._request, method="token")
        token = tokens.token_issue(user=user)
        return Response(
            TokenSerializer(
                {"token": token.key, "expires_at": tokens.token_expires_at(token)}
            ).data
        )

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The token no longer works.")},
        summary="Revoke the caller's token",
    )
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(GenericAPIView):
    """The caller: their account, preferred language and roles in organisations."""

    serializer_class = MeSerializer
    pagination_class = None

    def get(self, request):
        memberships = membership_list_for_user(user=request.user)
        # A caller signed in with their token has it at hand; a session looks it up.
        if isinstance(request.auth, Token):
            token = request.auth
        else:
            token = tokens.token_for_user(user=request.user)
        context = {
            "memberships": memberships,
            "token_expires_at": tokens.token_expires_at(token) if token else None,
        }
        return Response(MeSerializer(request.user, context=context).data)
