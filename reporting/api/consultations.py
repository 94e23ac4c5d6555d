"""The consultations of a cycle in the API: the same selectors (who reads them: the review
side) and services (who keeps them: the national coordinator) as the pages. A consultation
the caller may not read is a 404; a change the rules refuse is a 403; what is wrong with what
was sent is a 400 naming the fields."""

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from objectives.models import Objective, StakeholderType
from reporting.api.serializers import StrictModelSerializer, StringField, id_field
from reporting.evidence import ALLOWED_TYPES
from reporting.models import Consultation, ConsultationInput
from reporting.selectors.consultations import (
    consultation_get_for_user,
    consultation_input_get_for_user,
    consultation_list_for_user,
    consultations_of,
)
from reporting.selectors.coordination import cycle_get
from reporting.services.consultations import (
    MAX_PARTICIPANTS,
    ConsultationData,
    ParticipantCount,
    consultation_create,
    consultation_delete,
    consultation_input_add,
    consultation_update,
)

GOVERNMENT = "government"

# --- serializers ----------------------------------------------------------------------------


class ParticipantsSerializer(serializers.Serializer):
    stakeholder_type = StringField(
        help_text=(
            "A GCM paragraph 44 stakeholder type's code (as /api/v1/ lists them on "
            "organisations), or `government` for government institutions."
        )
    )
    women = serializers.IntegerField(min_value=0, max_value=MAX_PARTICIPANTS, default=0)
    men = serializers.IntegerField(min_value=0, max_value=MAX_PARTICIPANTS, default=0)
    not_stated = serializers.IntegerField(min_value=0, max_value=MAX_PARTICIPANTS, default=0)
    total = serializers.IntegerField(read_only=True)


class ConsultationInputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationInput
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, kept) -> str:
        return reverse("api:consultation-input-download", args=[kept.pk])


class ConsultationSerializer(StrictModelSerializer):
    """A consultation held for a cycle, as recorded by the national coordinator."""

    cycle = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organiser = id_field(
        source="organiser_id",
        allow_null=True,
        required=False,
        help_text="The organiser's organisation id; or give `organiser_name`.",
    )
    objectives = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=23),
        required=False,
        help_text="Numbers of the GCM objectives covered.",
    )
    chapters = serializers.ListField(
        child=id_field(),
        required=False,
        help_text="Ids of the report layout chapters covered (of the cycle's reports).",
    )
    participants = ParticipantsSerializer(many=True, required=False)
    changed_submissions = serializers.ListField(
        child=id_field(),
        required=False,
        help_text="Ids of the cycle's submissions changed as a result.",
    )
    changed_chapters = serializers.ListField(
        child=id_field(),
        required=False,
        help_text="Ids of the cycle's report chapters changed as a result.",
    )
    inputs = ConsultationInputSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "cycle",
            "title",
            "language",
            "starts_on",
            "ends_on",
            "format",
            "place",
            "organiser",
            "organiser_name",
            "objectives",
            "chapters",
            "participants",
            "kurdistan_region_took_part",
            "parliament_took_part",
            "how_input_was_used",
            "changed_submissions",
            "changed_chapters",
            "inputs",
            "version",
            "recorded_at",
            "updated_at",
        ]
        read_only_fields = ["id", "cycle", "inputs", "version", "recorded_at", "updated_at"]
        extra_kwargs = {"place": {"required": False}, "organiser_name": {"required": False}}

    def to_representation(self, consultation):
        return {
            "id": consultation.pk,
            "cycle": consultation.cycle.code,
            "title": consultation.title,
            "language": consultation.language,
            "starts_on": consultation.starts_on.isoformat(),
            "ends_on": consultation.ends_on.isoformat() if consultation.ends_on else None,
            "format": consultation.format,
            "place": consultation.place,
            "organiser": consultation.organiser_id,
            "organiser_name": consultation.organiser_name,
            "objectives": sorted(o.number for o in consultation.objectives.all()),
            "chapters": sorted(c.pk for c in consultation.chapters.all()),
            "participants": [
                {
                    "stakeholder_type": (
                        p.stakeholder_type.code if p.stakeholder_type_id else GOVERNMENT
                    ),
                    "women": p.women,
                    "men": p.men,
                    "not_stated": p.not_stated,
                    "total": p.total,
                }
                # Government institutions first, then paragraph 44's order, whatever the
                # database does with a row that has no stakeholder type.
                for p in sorted(
                    consultation.participants.all(),
                    key=lambda p: (
                        p.stakeholder_type_id is not None,
                        p.stakeholder_type.position if p.stakeholder_type_id else 0,
                        p.stakeholder_type_id or 0,
                    ),
                )
            ],
            "kurdistan_region_took_part": consultation.kurdistan_region_took_part,
            "parliament_took_part": consultation.parliament_took_part,
            "how_input_was_used": consultation.how_input_was_used,
            "changed_submissions": sorted(s.pk for s in consultation.changed_submissions.all()),
            "changed_chapters": sorted(c.pk for c in consultation.changed_chapters.all()),
            "inputs": ConsultationInputSerializer(consultation.inputs.all(), many=True).data,
            "version": consultation.version,
            "recorded_at": serializers.DateTimeField().to_representation(consultation.recorded_at),
            "updated_at": serializers.DateTimeField().to_representation(consultation.updated_at),
        }

    def validate_participants(self, rows):
        codes = dict(StakeholderType.objects.values_list("code", "pk"))
        for row in rows:
            code = row.get("stakeholder_type")  # a PATCH does not require it: we do
            if code != GOVERNMENT and code not in codes:
                raise serializers.ValidationError(f"Unknown stakeholder type: {code!r}.")
        return [
            ParticipantCount(
                None if row["stakeholder_type"] == GOVERNMENT else codes[row["stakeholder_type"]],
                row.get("women", 0),
                row.get("men", 0),
                row.get("not_stated", 0),
            )
            for row in rows
        ]

    def consultation_data(self, current: Consultation | None = None) -> ConsultationData:
        """What the service takes: what was sent, over the current record for a PATCH."""
        sent = self.validated_data
        data = _as_data(current) if current else ConsultationData("", "", None, "")
        simple = (
            "title",
            "language",
            "starts_on",
            "ends_on",
            "format",
            "place",
            "organiser_name",
            "kurdistan_region_took_part",
            "parliament_took_part",
            "how_input_was_used",
        )
        for name in simple:
            if name in sent:
                setattr(data, name, sent[name] if sent[name] is not None else _empty(name))
        if "organiser_id" in sent:
            data.organiser_id = sent["organiser_id"]
        if "objectives" in sent:
            numbers = set(sent["objectives"])
            data.objective_ids = list(
                Objective.objects.filter(number__in=numbers).values_list("pk", flat=True)
            )
        for sent_name, name in (
            ("chapters", "chapter_ids"),
            ("participants", "participants"),
            ("changed_submissions", "changed_submission_ids"),
            ("changed_chapters", "changed_chapter_ids"),
        ):
            if sent_name in sent:
                setattr(data, name, list(sent[sent_name]))
        return data


def _empty(name: str):
    return None if name == "ends_on" else ""


def _as_data(consultation: Consultation) -> ConsultationData:
    return ConsultationData(
        title=consultation.title,
        language=consultation.language,
        starts_on=consultation.starts_on,
        ends_on=consultation.ends_on,
        format=consultation.format,
        place=consultation.place,
        organiser_id=consultation.organiser_id,
        organiser_name=consultation.organiser_name,
        objective_ids=[o.pk for o in consultation.objectives.all()],
        chapter_ids=[c.pk for c in consultation.chapters.all()],
        participants=[
            ParticipantCount(p.stakeholder_type_id, p.women, p.men, p.not_stated)
            for p in consultation.participants.all()
        ],
        kurdistan_region_took_part=consultation.kurdistan_region_took_part,
        parliament_took_part=consultation.parliament_took_part,
        how_input_was_used=consultation.how_input_was_used,
        changed_submission_ids=[s.pk for s in consultation.changed_submissions.all()],
        changed_chapter_ids=[c.pk for c in consultation.changed_chapters.all()],
    )


class ConsultationInputUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, Word, Excel, OpenDocument, PNG or JPEG.")


# --- views ----------------------------------------------------------------------------------


def _read(user, consultation_id: int) -> Consultation:
    """The consultation with everything it shows, for those who may read it."""
    found = consultation_get_for_user(user=user, consultation_id=consultation_id)
    return consultations_of(cycle=found.cycle).get(pk=found.pk)


@extend_schema_view(
    get=extend_schema(summary="List the cycle's consultations"),
    post=extend_schema(
        summary="Record a consultation held for the cycle",
        request=ConsultationSerializer,
        responses={201: ConsultationSerializer},
    ),
)
class CycleConsultations(generics.ListCreateAPIView):
    """Consultations held for a cycle, for reviewers and coordinators (404 for anyone else).
    The national coordinator records them: dates, format, place, organiser, what they
    covered, participants by stakeholder type and sex, and what their input changed."""

    serializer_class = ConsultationSerializer
    queryset = Consultation.objects.none()  # the model, for the schema; see get_queryset

    def get_queryset(self):
        cycle = cycle_get(code=self.kwargs["code"])
        return consultation_list_for_user(user=self.request.user, cycle=cycle)

    def create(self, request, code: str):
        cycle = cycle_get(code=code)
        sent = ConsultationSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        consultation = consultation_create(
            user=request.user, cycle=cycle, data=sent.consultation_data()
        )
        return Response(
            ConsultationSerializer(_read(request.user, consultation.pk)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    get=extend_schema(summary="Read a consultation"),
    put=extend_schema(summary="Replace a consultation record"),
    patch=extend_schema(summary="Change part of a consultation record"),
    delete=extend_schema(
        summary="Delete a consultation record",
        responses={204: OpenApiResponse(description="Deleted, with its files.")},
    ),
)
class ConsultationDetail(generics.GenericAPIView):
    """One consultation: reviewers and coordinators read it; the national coordinator
    replaces it (PUT: everything it holds), changes part of it (PATCH) or deletes it."""

    serializer_class = ConsultationSerializer

    def get(self, request, consultation_id: int):
        return Response(ConsultationSerializer(_read(request.user, consultation_id)).data)

    def put(self, request, consultation_id: int):
        return self._change(request, consultation_id, partial=False)

    def patch(self, request, consultation_id: int):
        return self._change(request, consultation_id, partial=True)

    def _change(self, request, consultation_id: int, *, partial: bool):
        current = _read(request.user, consultation_id)
        sent = ConsultationSerializer(data=request.data, partial=partial)
        sent.is_valid(raise_exception=True)
        consultation_update(
            user=request.user,
            consultation_id=current.pk,
            data=sent.consultation_data(current if partial else None),
        )
        return Response(ConsultationSerializer(_read(request.user, current.pk)).data)

    def delete(self, request, consultation_id: int):
        current = consultation_get_for_user(user=request.user, consultation_id=consultation_id)
        consultation_delete(user=request.user, consultation_id=current.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    summary="Add a file received in the consultation",
    request={"multipart/form-data": ConsultationInputUploadSerializer},
    responses={201: ConsultationInputSerializer},
)
class ConsultationInputs(APIView):
    """Keep a file received in the consultation (the national coordinator); it is checked
    by its content, not its name, as evidence files are."""

    parser_classes = [MultiPartParser]

    def post(self, request, consultation_id: int):
        current = consultation_get_for_user(user=request.user, consultation_id=consultation_id)
        sent = ConsultationInputUploadSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        kept = consultation_input_add(
            user=request.user, consultation_id=current.pk, upload=sent.validated_data["file"]
        )
        return Response(ConsultationInputSerializer(kept).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Download a file received in a consultation",
    responses={(200, media_type): OpenApiTypes.BINARY for media_type in ALLOWED_TYPES.values()},
)
class ConsultationInputDownload(APIView):
    """A file received in a consultation, always as an attachment."""

    def get(self, request, input_id: int):
        kept = consultation_input_get_for_user(user=request.user, input_id=input_id)
        response = FileResponse(
            kept.file.open("rb"),
            as_attachment=True,
            filename=kept.original_name,
            content_type=kept.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
