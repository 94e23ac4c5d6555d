"""Writes about users, organisations and memberships."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token

from gcm_portal.accounts.models import User
from gcm_portal.audit.recording import record


def user_set_preferred_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def user_sessions_end(
    *, user_id: int, keep_session_key: str | None = None, token: bool = True
) -> int:
    """Delete every live session of the user but `keep_session_key`, and (unless `token` is
    false) their API token; return the sessions ended. The audit log records it when there
    was something to end.

    Sessions are stored in the database with the user's id inside their signed data, so
    they are read one by one; the portal has a few thousand live sessions at most.
    """
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            session.delete()
            ended += 1
    tokens = Token.objects.filter(user_id=user_id).delete()[0] if token else 0
    if ended or tokens:
        record("sessions_ended", user_id=user_id, sessions=ended, tokens=tokens)
    return ended
