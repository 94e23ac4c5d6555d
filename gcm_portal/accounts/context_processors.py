from gcm_portal.accounts.two_factor import second_factor_pending


def partial_sign_in(request) -> dict:
    """Whether the session has passed the password but not the second step: the pages show
    it no menu and no account link (what it may do is reporting.context_processors.can)."""
    user = getattr(request, "user", None)
    return {
        "partial_sign_in": bool(
            user is not None and user.is_authenticated and second_factor_pending(request)
        )
    }
