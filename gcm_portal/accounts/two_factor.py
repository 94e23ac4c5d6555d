"""Two-factor authentication: who needs it, and the devices behind it (django-otp).

A second factor is a TOTP authenticator app (RFC 6238, 30-second codes) plus ten single-use
recovery codes for a lost phone. Reviewers, coordinators, staff and superusers must use it;
focal points and viewers may turn it on. The codes are checked by django-otp, which also
slows down repeated wrong codes; nothing here does cryptography.
"""

import base64

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gcm_portal.accounts.models import Membership, User
from gcm_portal.accounts.selectors import roles_by_organisation
from gcm_portal.accounts.services import user_sessions_end
from gcm_portal.audit.recording import record
from gcm_portal.errors import Refused

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
# Set at sign-in when the account has a confirmed device, so the second step is asked for
# without a query on every request.
SECOND_FACTOR_ENABLED_SESSION_KEY = "_second_factor_enabled"
ROLES_REQUIRING_SECOND_FACTOR = {Membership.Role.REVIEWER, Membership.Role.COORDINATOR}


def second_factor_required(user: User) -> bool:
    """Whether the account may not be used without a second factor."""
    if user.is_superuser or user.is_staff:
        return True
    held = set().union(*roles_by_organisation(user=user).values())
    return bool(held & ROLES_REQUIRING_SECOND_FACTOR)


def second_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether the session is signed in partially: the password passed, the second step not.

    Such a session reaches the second-step page, sign-out and, for an account that has no
    authenticator yet, the set-up page; everything else answers as for a visitor who is not
    signed in (gcm_portal/accounts/middleware.py).
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return bool(request.session.get(SECOND_FACTOR_ENABLED_SESSION_KEY)) or (
        second_factor_required(user)
    )


def second_factor_setup_allowed(request: HttpRequest) -> bool:
    """Whether this session may connect an authenticator now.

    A first authenticator needs only the password (the account has none to protect it yet);
    replacing one needs a session that passed the second step, and then a current code from
    the authenticator being replaced (totp_device_confirm checks it).
    """
    return request.user.is_verified() or not second_factor_enabled(request.user)


def totp_device_for_setup(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The key as a QR code (inline SVG, no script, no external image)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, omitsize=False, svgclass="qr-code", title=None
    )


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


class ReplacementRefused(Refused):
    """An authenticator may only replace another from a session that passed the second step."""


def totp_device_confirm(
    *, request: HttpRequest, device: TOTPDevice, code: str, current_code: str = ""
) -> list[str]:
    """Confirm the authenticator with a code from it; return the new recovery codes.

    One phone at a time: the account's other authenticators and its recovery codes are
    replaced. When it already has a confirmed authenticator, the session must have passed the
    second step (ReplacementRefused otherwise) and `current_code`, from that authenticator or
    a recovery code, must be right (SecondFactorRefused otherwise); the audit log names what
    was replaced. Raises ValueError when the new authenticator's code is wrong. Every other
    session of the account ends: it was signed in under the old arrangement.
    """
    user = device.user
    replaced = list(TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk))
    if replaced:
        if not request.user.is_verified():
            raise ReplacementRefused(user.get_username())
        # Outside the transaction below: a wrong code's count towards the throttle and its
        # audit entry stay, as on the second-step page.
        second_factor_check(user=user, code=current_code)
    with transaction.atomic():
        if not device.verify_token(_normalised(code)):
            raise ValueError("wrong code")
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user=user)
        otp_login(request, device)
        request.session[SECOND_FACTOR_ENABLED_SESSION_KEY] = True
        if replaced:
            record(
                "two_factor_replaced",
                actor=user,
                request=request,
                obj=user,
                replaced=[
                    {"id": old.pk, "name": old.name, "last_used_at": old.last_used_at}
                    for old in replaced
                ],
                recovery_codes_replaced=True,
            )
        else:
            record("two_factor_enabled", actor=user, request=request, obj=user)
        # Other browsers signed in before this change must sign in again, now with the new one.
        request.session.save()
        user_sessions_end(
            user_id=user.pk, keep_session_key=request.session.session_key, token=False
        )
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes for the account; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _code in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class SecondFactorRefused(Refused):
    """The code was not accepted; `throttled` says whether it was even checked."""

    def __init__(self, *, throttled: bool):
        super().__init__("throttled" if throttled else "wrong code")
        self.throttled = throttled


def second_factor_check(*, user: User, code: str):
    """Return the device that accepts the code (a TOTP code or a recovery code).

    A recovery code works once. Raises SecondFactorRefused, after recording the refusal in
    the audit log.
    """
    code = _normalised(code)
    # Six digits come from the app; anything else can only be a recovery code. Trying a code
    # only where it can fit keeps a recovery code from counting as a wrong app code.
    kind = TOTPDevice if len(code) == TOTP_DIGITS and code.isdigit() else StaticDevice
    throttled = False
    for device in devices_for_user(user, confirmed=True):
        if not isinstance(device, kind):
            continue
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(code):
            return device
    record("two_factor_failed", actor=user, obj=user, throttled=throttled)
    raise SecondFactorRefused(throttled=throttled)


def second_factor_pass(*, request: HttpRequest, device) -> None:
    """Mark this session as having passed the second step with the device."""
    otp_login(request, device)
    request.session[SECOND_FACTOR_ENABLED_SESSION_KEY] = True


class SecondFactorRequired(Refused):
    """The account's role needs a second factor: it cannot be turned off."""


@transaction.atomic
def second_factor_disable(*, user: User) -> None:
    """Remove the authenticator and recovery codes, where the role allows it."""
    if second_factor_required(user):
        raise SecondFactorRequired(user.get_username())
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record("two_factor_disabled", actor=user, obj=user)


def second_factor_forget(request: HttpRequest) -> None:
    """This session no longer counts as having passed the second step (it was turned off)."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session.pop(SECOND_FACTOR_ENABLED_SESSION_KEY, None)
