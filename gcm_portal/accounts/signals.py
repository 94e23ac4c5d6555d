"""Session bookkeeping at sign-in, ending sessions when an account is deactivated, and
lock-outs into the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver

from gcm_portal.accounts.middleware import session_start
from gcm_portal.accounts.models import User
from gcm_portal.accounts.services import user_sessions_end
from gcm_portal.accounts.two_factor import (
    SECOND_FACTOR_ENABLED_SESSION_KEY,
    second_factor_enabled,
)
from gcm_portal.audit.recording import record


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def _session_start(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    session_start(request)
    if second_factor_enabled(user):
        request.session[SECOND_FACTOR_ENABLED_SESSION_KEY] = True


@receiver(pre_save, sender=User, dispatch_uid="accounts_end_sessions_on_deactivation")
def _end_sessions_on_deactivation(sender, instance: User, **kwargs):
    if instance.pk is None or instance.is_active or kwargs.get("raw"):
        return
    if User.objects.filter(pk=instance.pk, is_active=True).exists():
        user_id = instance.pk
        transaction.on_commit(lambda: user_sessions_end(user_id=user_id))


@receiver(user_locked_out, dispatch_uid="accounts_record_lockout")
def _record_lockout(sender, request, username, ip_address, **kwargs):
    record("lockout", request=request, username=str(username or "")[:150])
