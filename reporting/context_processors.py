from django.contrib.auth.models import AnonymousUser

from gcm_portal.accounts.two_factor import second_factor_pending
from reporting.access import Can


def can(request) -> dict:
    """`can`: what the signed-in user may do, for templates (reporting/access.py). A session
    that has not passed the second sign-in step may do nothing yet."""
    user = getattr(request, "user", None) or AnonymousUser()
    if user.is_authenticated and second_factor_pending(request):
        user = AnonymousUser()
    return {"can": Can(user)}
