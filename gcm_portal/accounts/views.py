from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from gcm_portal.accounts import tokens, two_factor
from gcm_portal.accounts.forms import AuthenticatorSetupForm, SecondFactorCodeForm, SignInForm
from gcm_portal.accounts.services import user_set_preferred_language
from gcm_portal.accounts.throttling import LONGEST_WAIT_SECONDS, seconds_to_wait, wait_message


class LoginView(auth_views.LoginView):
    """Sign in, then show the portal in the user's preferred language."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.wait_seconds:
            # Too many failures: the form comes back, with 429 and when to try again.
            response.status_code = 429
            response["Retry-After"] = str(form.wait_seconds)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen:
            # A language picked on the sign-in page wins and becomes the preference.
            user_set_preferred_language(user=user, language=chosen)
        else:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response


def locked_out_response(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' answer once an account or address is locked out (HTTP 429).

    The sign-in page comes back with the user name kept and the reason in plain words.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    seconds = seconds_to_wait(request, username) or int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = wait_message(max(seconds, LONGEST_WAIT_SECONDS + 1))
    headers = {"Retry-After": str(seconds)}
    if request.path.startswith("/api/"):
        body = {"error": {"code": "locked_out", "message": message, "fields": {}}}
        return JsonResponse(body, status=429, headers=headers)
    form = SignInForm(request, data=request.POST)
    form.is_bound = False  # show the form without checking it again
    form.initial = {"username": username}
    context = {"form": form, "next": request.POST.get("next", ""), "locked_message": message}
    locked = render(request, "registration/login.html", context, status=429)
    locked["Retry-After"] = headers["Retry-After"]
    return locked


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, remembering it for a signed-in user."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and translation.check_for_language(language):
        user_set_preferred_language(user=request.user, language=language)
    return response


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Connect an authenticator app: scan the code, type a code from the app to confirm.

    Replacing the authenticator (a new phone) also takes a code from the current one, from a
    session that passed the second step; a session that has not is sent to the second step.
    """
    if not two_factor.second_factor_setup_allowed(request):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('two_factor_verify')}?{query}")
    replacing = two_factor.second_factor_enabled(request.user)
    device = two_factor.totp_device_for_setup(request.user)
    form = AuthenticatorSetupForm(request.POST or None, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_device_confirm(
                request=request,
                device=device,
                code=form.cleaned_data["code"],
                current_code=form.cleaned_data["current_code"],
            )
        except two_factor.ReplacementRefused:
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('two_factor_verify')}?{query}")
        except two_factor.SecondFactorRefused as refused:
            form.add_error(
                "current_code",
                _("Too many wrong codes. Wait a minute, then enter the newest code.")
                if refused.throttled
                else _(
                    "That code is not right. Enter the newest code your current app shows, "
                    "or one of your recovery codes."
                ),
            )
        except ValueError:
            form.add_error(
                "code",
                _(
                    "That code is not right. Enter the newest six-digit code your app shows; "
                    "if it keeps failing, check that your phone's clock is set automatically."
                ),
            )
        else:
            return render(
                request,
                "accounts/recovery_codes.html",
                {
                    "codes": codes,
                    "next": _next_url(request),
                    "first_time": not replacing,
                    "moved": replacing,
                },
            )
    context = {
        "form": form,
        "replacing": replacing,
        "qr_svg": two_factor.totp_qr_svg(device),
        "secret": two_factor.totp_secret(device),
        "required": two_factor.second_factor_required(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second sign-in step: a code from the authenticator app or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.second_factor_enabled(request.user):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('two_factor_setup')}?{query}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.second_factor_check(
                user=request.user, code=form.cleaned_data["code"]
            )
        except two_factor.SecondFactorRefused as refused:
            if refused.throttled:
                message = _("Too many wrong codes. Wait a minute, then enter the newest code.")
            else:
                message = _(
                    "That code is not right. Enter the newest code your app shows, or one "
                    "of your recovery codes."
                )
            form.add_error("code", message)
        else:
            two_factor.second_factor_pass(request=request, device=device)
            if device.persistent_id.startswith("otp_static"):
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; it will not work again. If your phone is "
                        "lost, set up the authenticator again under Account security."
                    ),
                )
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_security(request: HttpRequest) -> HttpResponse:
    """Two-factor status, new recovery codes, turning it off; when the API token expires."""
    user = request.user
    required = two_factor.second_factor_required(user)
    enabled = two_factor.second_factor_enabled(user)
    form = SecondFactorCodeForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST" and enabled and form.is_valid():
        try:
            two_factor.second_factor_check(user=user, code=form.cleaned_data["code"])
        except two_factor.SecondFactorRefused:
            form.add_error(
                "code", _("That code is not right. Enter the newest code your app shows.")
            )
        else:
            if action == "recovery_codes":
                codes = two_factor.recovery_codes_replace(user=user)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": reverse("account_security"), "first_time": False},
                )
            if action == "disable":
                try:
                    two_factor.second_factor_disable(user=user)
                except two_factor.SecondFactorRequired:
                    messages.error(request, _("Your role needs it, so it cannot be turned off."))
                else:
                    two_factor.second_factor_forget(request)
                    messages.success(request, _("Two-step sign-in is turned off."))
                return redirect("account_security")
    token = tokens.token_for_user(user=user)
    context = {
        "required": required,
        "enabled": enabled,
        "form": form,
        "token_expires_at": tokens.token_expires_at(token) if token else None,
        "token_expired": bool(token) and tokens.token_is_expired(token),
    }
    return render(request, "accounts/security.html", context)
