"""Writes about users, organisations and memberships."""

from django.conf import settings

from gcm_portal.accounts.models import User


def user_set_preferred_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
