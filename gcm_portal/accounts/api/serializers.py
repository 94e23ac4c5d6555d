from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from gcm_portal.accounts.models import Membership, Organisation, User


class OrganisationSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = Organisation
        fields = ["id", "slug", "acronym", "name", "kind"]


class OrganisationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")
    is_government = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "acronym",
            "name",
            "name_en",
            "name_ar",
            "kind",
            "stakeholder_type",
            "is_government",
            "is_sample",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer()

    class Meta:
        model = Membership
        fields = ["organisation", "role"]


class MeSerializer(serializers.ModelSerializer):
    """The user; their memberships and token expiry come in the context."""

    memberships = serializers.SerializerMethodField()
    token_expires_at = serializers.SerializerMethodField(
        help_text=(
            "When the user's API token stops working (ISO 8601); in the past when it has "
            "expired, null when they have none."
        )
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "is_superuser",
            "memberships",
            "token_expires_at",
        ]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user) -> list:
        return MembershipSerializer(self.context["memberships"], many=True).data

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_token_expires_at(self, user) -> str | None:
        expires_at = self.context["token_expires_at"]
        return serializers.DateTimeField().to_representation(expires_at) if expires_at else None


# Named for generated clients: a request body's component gets "Request" appended.
@extend_schema_serializer(component_name="Credentials")
class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True)
    code = serializers.CharField(
        max_length=32,
        required=False,
        write_only=True,
        help_text=(
            "A code from the user's authenticator app, or a recovery code: required for "
            "accounts with two-step sign-in (reviewers, coordinators, administrators)."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expires_at = serializers.DateTimeField(
        help_text=(
            "When the token stops working (ISO 8601), API_TOKEN_LIFETIME_DAYS after it was "
            "made; asking again before then returns the same token and expiry. After it, the "
            "API answers 401 `token_expired`: ask for a new token."
        )
    )


def person_name(user: User | None) -> str:
    """How a person is named to others: their full name, else their user name."""
    if user is None:
        return ""
    return user.get_full_name() or user.username
