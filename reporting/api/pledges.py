"""The pledge register over the API: pledges, their updates at later reviews, and their
review. The same selectors decide who reads what (a pledge the caller may not read is a 404)
and the same services decide who may change what (a refusal is a 403 that says why)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from gcm_portal.api.errors import error_body
from reporting import workflow
from reporting.api.serializers import StrictModelSerializer, StringField
from reporting.models import Pledge, PledgeUpdate, ReviewCycle
from reporting.selectors import pledges as pledge_selectors
from reporting.selectors.coordination import cycle_get
from reporting.services import pledges as pledge_services

RELATION_FIELDS = {
    "co_pledgers": "co_pledger_ids",
    "objectives": "objective_ids",
    "principles": "principle_ids",
    "gcm_actions": "gcm_action_ids",
    "strategy_actions": "strategy_action_ids",
    "indicators": "indicator_ids",
}


@extend_schema_field({"type": "object", "additionalProperties": True})
class ApprovedContentField(serializers.JSONField):
    """The approved content: an object, as its fields were when approved."""


class PledgeEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()


class PledgeUpdateSerializer(StrictModelSerializer):
    pledge = serializers.IntegerField(source="pledge_id", read_only=True)
    status = serializers.ChoiceField(
        choices=PledgeUpdate.Status.choices,
        allow_blank=True,
        read_only=True,
        help_text="Empty until the organisation says where the pledge stands.",
    )
    cycle = serializers.SlugRelatedField(slug_field="code", read_only=True)
    evidence = PledgeEvidenceSerializer(many=True, read_only=True)
    approved_content = ApprovedContentField(
        read_only=True,
        allow_null=True,
        help_text="The update as IOM approved it: what reports print.",
    )

    class Meta:
        model = PledgeUpdate
        fields = [
            "id",
            "pledge",
            "cycle",
            "status",
            "narrative_en",
            "narrative_ar",
            "state",
            "submitted_at",
            "approved_at",
            "evidence",
            "approved_content",
        ]
        read_only_fields = fields


class PledgeUpdateWriteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=PledgeUpdate.Status.choices, allow_blank=True, required=False, default=""
    )
    narrative_en = StringField(
        allow_blank=True, required=False, default="", max_length=PledgeUpdate.NARRATIVE_MAX_CHARS
    )
    narrative_ar = StringField(
        allow_blank=True, required=False, default="", max_length=PledgeUpdate.NARRATIVE_MAX_CHARS
    )


class PledgeSerializer(StrictModelSerializer):
    cycle = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ReviewCycle.objects.all(),
        help_text="The review at which the pledge was made (its code, e.g. imrf-2022).",
    )
    reference = serializers.CharField(read_only=True)
    smart_warnings = serializers.SerializerMethodField(
        help_text="What keeps the pledge from being measurable (metric, target, deadline)."
    )
    approved_content = ApprovedContentField(
        read_only=True,
        allow_null=True,
        help_text="The pledge as IOM approved it: what reports print.",
    )

    class Meta:
        model = Pledge
        fields = [
            "id",
            "reference",
            "cycle",
            "organisation",
            "co_pledgers",
            "kind",
            "matched_pledge",
            "form",
            "title_en",
            "title_ar",
            "description_en",
            "description_ar",
            "objectives",
            "principles",
            "gcm_actions",
            "strategy_actions",
            "indicators",
            "metric",
            "baseline",
            "target",
            "deadline",
            "partners",
            "network_id",
            "is_sample",
            "state",
            "submitted_at",
            "approved_at",
            "smart_warnings",
            "approved_content",
        ]
        read_only_fields = ["is_sample", "state", "submitted_at", "approved_at"]
        extra_kwargs = {
            "description_en": {"max_length": Pledge.DESCRIPTION_MAX_CHARS},
            "description_ar": {"max_length": Pledge.DESCRIPTION_MAX_CHARS},
        }

    def get_smart_warnings(self, pledge) -> list[str]:
        return pledge_services.smart_warnings(pledge)

    def to_data(self, base: Pledge | None = None) -> pledge_services.PledgeData:
        """What was sent, over what the pledge says (a PATCH changes only what it names)."""
        sent = self.validated_data
        data = pledge_services.PledgeData()
        for name in pledge_services.SCALARS:
            field = "matched_pledge" if name == "matched_pledge_id" else name
            if field in sent:
                value = sent[field]
                value = value.pk if field == "matched_pledge" and value else value
                keeps_none = name in ("deadline", "matched_pledge_id")
                setattr(data, name, value if value is not None or keeps_none else "")
            elif base is not None:
                setattr(data, name, getattr(base, name))
        for relation, ids in RELATION_FIELDS.items():
            if relation in sent:
                setattr(data, ids, [item.pk for item in sent[relation]])
            elif base is not None:
                setattr(data, ids, list(getattr(base, relation).values_list("pk", flat=True)))
        return data


class PledgeTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=list(workflow.TRANSITIONS),
        help_text="submit and withdraw: the organisation's focal points; return and approve: "
        "reviewers of another organisation; reopen: coordinators of another organisation.",
    )
    reason = StringField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Required to return or reopen: the organisation reads it.",
    )


class PledgeFilter(serializers.Serializer):
    cycle = serializers.SlugField(required=False, help_text="Made at this review (its code).")


def _pledge(request, pledge_id: int) -> Pledge:
    return pledge_selectors.pledge_get_for_user(user=request.user, pledge_id=pledge_id)


@extend_schema_view(
    get=extend_schema(summary="List pledges", parameters=[PledgeFilter]),
    post=extend_schema(summary="Register a pledge", responses={201: PledgeSerializer}),
)
class PledgeList(generics.ListCreateAPIView):
    """The pledges the caller may read: all of their own organisation's, what was submitted
    for the review side, what was approved for every member. A focal point registers one
    for their organisation as a draft."""

    serializer_class = PledgeSerializer

    def get_queryset(self):
        return pledge_selectors.pledge_list_for_user(
            user=self.request.user, cycle_code=self.request.query_params.get("cycle", "")
        ).prefetch_related(*RELATION_FIELDS)

    def create(self, request, *args, **kwargs):
        sent = PledgeSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        pledge = pledge_services.pledge_save(
            user=request.user,
            data=sent.to_data(),
            organisation_id=sent.validated_data["organisation"].pk,
            cycle_id=sent.validated_data["cycle"].pk,
        )
        return Response(PledgeSerializer(pledge).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Read a pledge"),
    put=extend_schema(summary="Replace a draft pledge"),
    patch=extend_schema(summary="Change part of a draft pledge"),
    delete=extend_schema(summary="Delete a pledge that was never submitted"),
)
class PledgeDetail(generics.GenericAPIView):
    """One pledge. Its organisation's focal points change it while it is a draft or returned,
    and delete it while it was never submitted."""

    serializer_class = PledgeSerializer

    def get(self, request, pledge_id: int):
        return Response(PledgeSerializer(_pledge(request, pledge_id)).data)

    def put(self, request, pledge_id: int):
        return self._save(request, pledge_id, partial=False)

    def patch(self, request, pledge_id: int):
        return self._save(request, pledge_id, partial=True)

    def _save(self, request, pledge_id: int, *, partial: bool):
        pledge = _pledge(request, pledge_id)
        sent = PledgeSerializer(pledge, data=request.data, partial=True)
        sent.is_valid(raise_exception=True)
        saved = pledge_services.pledge_save(
            user=request.user, data=sent.to_data(pledge if partial else None), pledge_id=pledge.pk
        )
        return Response(PledgeSerializer(saved).data)

    def delete(self, request, pledge_id: int):
        pledge_services.pledge_delete(user=request.user, pledge_id=_pledge(request, pledge_id).pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    summary="Move a pledge through its review",
    request=PledgeTransitionSerializer,
    responses={200: PledgeSerializer},
)
class PledgeTransition(generics.GenericAPIView):
    """The submissions' life cycle: draft --submit--> submitted --approve--> approved;
    submitted --return(reason)--> returned; submitted --withdraw--> draft;
    approved --reopen(reason)--> returned. Approving freezes what reports print."""

    serializer_class = PledgeTransitionSerializer

    def post(self, request, pledge_id: int):
        pledge = _pledge(request, pledge_id)
        sent = PledgeTransitionSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        pledge_services.pledge_transition(
            user=request.user, pledge_id=pledge.pk, **sent.validated_data
        )
        return Response(PledgeSerializer(_pledge(request, pledge.pk)).data)


@extend_schema(summary="List a pledge's updates")
class PledgeUpdateList(generics.ListAPIView):
    """Where the pledge stood at each later review, as far as the caller may read."""

    serializer_class = PledgeUpdateSerializer
    pagination_class = None
    queryset = PledgeUpdate.objects.none()  # what the schema reads; the list is below

    def get_queryset(self):
        pledge = _pledge(self.request, self.kwargs["pledge_id"])
        return [
            update
            for update in PledgeUpdate.objects.filter(pledge=pledge)
            .select_related("cycle", "pledge")
            .prefetch_related("evidence")
            .order_by("cycle__year")
            if pledge_selectors.update_visible(user=self.request.user, update=update)
        ]


@extend_schema_view(
    get=extend_schema(summary="Read a pledge's update for a review"),
    put=extend_schema(
        summary="Write a pledge's update for a review",
        request=PledgeUpdateWriteSerializer,
        responses={200: PledgeUpdateSerializer},
    ),
)
class PledgeUpdateForCycle(generics.GenericAPIView):
    """The organisation's update of an approved pledge for a later review that is open:
    started by the first PUT, changed by the next ones while it is a draft or returned."""

    serializer_class = PledgeUpdateSerializer

    def get(self, request, pledge_id: int, code: str):
        _pledge, update = pledge_selectors.pledge_update_get_for_user(
            user=request.user, pledge_id=pledge_id, cycle=cycle_get(code=code)
        )
        if update is None:
            return Response(
                error_body("not_found", _("No update for this review yet.")),
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(PledgeUpdateSerializer(update).data)

    def put(self, request, pledge_id: int, code: str):
        pledge = _pledge(request, pledge_id)
        sent = PledgeUpdateWriteSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        update = pledge_services.pledge_update_save(
            user=request.user,
            pledge_id=pledge.pk,
            cycle_id=cycle_get(code=code).pk,
            **sent.validated_data,
        )
        return Response(PledgeUpdateSerializer(update).data)


@extend_schema(
    summary="Move a pledge update through its review",
    request=PledgeTransitionSerializer,
    responses={200: PledgeUpdateSerializer},
)
class PledgeUpdateTransition(generics.GenericAPIView):
    """The same life cycle as a pledge's; approving freezes what reports print."""

    serializer_class = PledgeTransitionSerializer

    def post(self, request, update_id: int):
        update = get_object_or_404(PledgeUpdate.objects.select_related("cycle"), pk=update_id)
        _pledge, update = pledge_selectors.pledge_update_get_for_user(
            user=request.user, pledge_id=update.pledge_id, cycle=update.cycle
        )
        sent = PledgeTransitionSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        pledge_services.pledge_update_transition(
            user=request.user, update_id=update.pk, **sent.validated_data
        )
        update.refresh_from_db()
        return Response(PledgeUpdateSerializer(update).data)
