"""Session limits and the second sign-in step, enforced on every request."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gcm_portal.accounts.two_factor import second_factor_pending, second_factor_setup_allowed

SIGNED_IN_AT_SESSION_KEY = "_signed_in_at"
LAST_SEEN_SESSION_KEY = "_last_seen"
# Remember activity at most once a minute, so that reading pages does not write the session
# on every request; the idle limit is therefore exact to within a minute.
LAST_SEEN_RESOLUTION_SECONDS = 60


def session_start(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[SIGNED_IN_AT_SESSION_KEY] = now
    request.session[LAST_SEEN_SESSION_KEY] = now


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _signed_out_response(request: HttpRequest, message: str, code: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"error": {"code": code, "message": message, "fields": {}}}, status=401
        )
    if request.headers.get("HX-Request"):
        if request.method == "POST":
            # A background save: say so where the form shows its save status, and leave the
            # page (and what was typed on it) alone.
            return render(request, "accounts/signed_out_status.html", {"message": message})
        # Anything else htmx asks for (a progress poll): the sign-in page, as a full load.
        response = HttpResponse(status=401)
        response["HX-Redirect"] = _login_url(request)
        return response
    messages.info(request, message)
    return redirect(_login_url(request))


def _login_url(request: HttpRequest) -> str:
    return f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"


class SessionLimitsMiddleware:
    """Sign out after SESSION_IDLE_SECONDS without a request or SESSION_ABSOLUTE_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT_SESSION_KEY)
        if signed_in_at is not None:
            now = int(time.time())
            last_seen = session.get(LAST_SEEN_SESSION_KEY, signed_in_at)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return _signed_out_response(
                    request,
                    _("You were signed out because 12 hours have passed since you signed in."),
                    "session_expired",
                )
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                return _signed_out_response(
                    request,
                    _("You were signed out after 30 minutes without activity."),
                    "session_expired",
                )
            if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


# What a session signed in with the password alone may reach (view names, namespaced): the
# second step itself, signing out, and what a visitor who is not signed in may use. The
# set-up page is added for an account with no authenticator yet (second_factor_setup_allowed).
# Everything else, pages, API, admin and downloads alike, is refused before its view runs.
PARTIAL_SIGN_IN_VIEWS = {"two_factor_verify", "logout", "language_switch", "healthz"}
SETUP_VIEW = "two_factor_setup"


class TwoFactorRequiredMiddleware:
    """Send a session that still owes the second step to it, and nowhere else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not second_factor_pending(request):
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name in PARTIAL_SIGN_IN_VIEWS:
            return None
        if view_name == SETUP_VIEW and second_factor_setup_allowed(request):
            return None
        if _is_api(request):
            return JsonResponse(
                {
                    "error": {
                        "code": "second_factor_required",
                        "message": _(
                            "Finish signing in with your authenticator app in the portal first."
                        ),
                        "fields": {},
                    }
                },
                status=403,
            )
        step = SETUP_VIEW if second_factor_setup_allowed(request) else "two_factor_verify"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
