"""Sign-ins, sign-in failures, sign-outs and deactivated accounts, as Django reports them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from gcm_portal.audit.recording import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _login(sender, request, user, **kwargs):
    record("login", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the name that was tried: Django has already masked the password, never keep it.
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))[:150]
    record("login_failed", request=request, username=username)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logout(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        record("logout", actor=user, request=request)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_note_deactivation")
def _note_deactivation(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_deactivating = (
        not raw
        and instance.pk is not None
        and not instance.is_active
        and (update_fields is None or "is_active" in update_fields)
        and sender._base_manager.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_deactivation")
def _record_deactivation(sender, instance, **kwargs):
    # After the save, so that a save that fails leaves no entry.
    if getattr(instance, "_audit_deactivating", False):
        instance._audit_deactivating = False
        record("user_deactivated", obj=instance, username=instance.get_username())
