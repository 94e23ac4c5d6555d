"""Reads about users, organisations and memberships."""

from django.db.models import Count, Q, QuerySet

from gcm_portal.accounts.models import Membership, Organisation, User

Role = Membership.Role


def membership_list_for_user(*, user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user).select_related("organisation").order_by("role")
    )


def organisation_list_with_focal_points() -> QuerySet[Organisation]:
    """Organisations with the number of focal points each has, government first."""
    return Organisation.objects.annotate(
        focal_point_count=Count("memberships", filter=Q(memberships__role=Role.FOCAL_POINT))
    ).order_by("kind", "name_en")


def roles_by_organisation(*, user: User) -> dict[int, set[str]]:
    """Return {organisation id: {roles}} for the user's memberships (cached on the user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_roles_by_organisation", None)
    if cached is None:
        cached = {}
        for organisation_id, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            cached.setdefault(organisation_id, set()).add(role)
        user._roles_by_organisation = cached
    return cached


def organisations_where(*, user: User, role: str) -> set[int]:
    return {org for org, roles in roles_by_organisation(user=user).items() if role in roles}
