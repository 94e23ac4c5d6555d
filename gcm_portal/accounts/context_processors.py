from gcm_portal.accounts.selectors import roles_by_organisation


def roles(request) -> dict:
    """The roles the signed-in user holds anywhere, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": set()}
    held = set().union(*roles_by_organisation(user=user).values())
    return {"user_roles": held}
