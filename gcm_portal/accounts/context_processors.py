from gcm_portal.accounts.selectors import roles_by_organisation
from gcm_portal.accounts.two_factor import second_factor_pending


def roles(request) -> dict:
    """The roles the signed-in user holds anywhere, for the navigation.

    A session that has not passed the second sign-in step is shown no roles and no menu: it
    can reach nothing they lead to (`partial_sign_in`).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": set(), "partial_sign_in": False}
    if second_factor_pending(request):
        return {"user_roles": set(), "partial_sign_in": True}
    held = set().union(*roles_by_organisation(user=user).values())
    return {"user_roles": held, "partial_sign_in": False}
