"""Reads about users, organisations and memberships."""

from django.db.models import Count, Q, QuerySet

from gcm_portal.accounts.models import Membership, Organisation, User

Role = Membership.Role

# The order in which a person's roles decide what their home page leads with.
ROLE_PRECEDENCE = [Role.COORDINATOR, Role.REVIEWER, Role.FOCAL_POINT, Role.VIEWER]


def membership_list_for_user(*, user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user).select_related("organisation").order_by("role")
    )


def user_roles(*, memberships: list[Membership]) -> list[str]:
    """Return the user's distinct roles, most senior first."""
    held = {membership.role for membership in memberships}
    return [role for role in ROLE_PRECEDENCE if role in held]


def organisation_counts_by_kind() -> list[dict]:
    """Return [{kind, label, count}] for every organisation kind present."""
    labels = dict(Organisation.Kind.choices)
    rows = Organisation.objects.values("kind").annotate(count=Count("id")).order_by("kind")
    return [{"kind": r["kind"], "label": labels[r["kind"]], "count": r["count"]} for r in rows]


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


def has_role(*, user: User, role: str) -> bool:
    return bool(organisations_where(user=user, role=role))
