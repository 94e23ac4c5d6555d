"""Spreadsheets over the API: the same services as the spreadsheet pages
(reporting/spreadsheets/), for scripts. Exports of a cycle's approved content (the workbook or
one CSV file), the import template, and the import in its two steps: a check (the dry run),
then its commit."""

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting import access
from reporting.api.serializers import StringField
from reporting.models import DataTransfer
from reporting.selectors.coordination import cycle_get
from reporting.spreadsheets import export, importing, template
from reporting.spreadsheets.cells import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from reporting.spreadsheets.selectors import import_get_for_user

CSV_TYPE = CSV_CONTENT_TYPE.split(";")[0]
EXPORTS = [
    ("xlsx", "The workbook: every kind of submission and the indicator values (.xlsx)"),
    (DataTransfer.Dataset.SUBMISSIONS.value, "Approved submissions (CSV)"),
    (DataTransfer.Dataset.INDICATOR_VALUES.value, "Approved indicator values (CSV)"),
]


def _file(made) -> FileResponse:
    return export.no_store(
        FileResponse(
            made.file, as_attachment=True, filename=made.file_name, content_type=made.content_type
        )
    )


class ExportQuerySerializer(serializers.Serializer):
    what = serializers.ChoiceField(
        choices=EXPORTS, default="xlsx", help_text="Which file: the workbook or one CSV file."
    )


class ImportProblemSerializer(serializers.Serializer):
    sheet = serializers.CharField(help_text="Empty when it is about the whole file.")
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField(help_text="Where and what, in one sentence.")


class ImportChangeSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    code = serializers.CharField()
    change = serializers.ChoiceField(choices=["create", "update"])
    columns = serializers.ListField(child=serializers.CharField())


COUNTS = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {name: {"type": "integer"} for name in ("create", "update", "unchanged")},
    },
}


class ImportSerializer(serializers.ModelSerializer):
    """An import check or commit, as the import pages show it."""

    cycle = serializers.SlugRelatedField(slug_field="code", read_only=True)
    check = serializers.PrimaryKeyRelatedField(
        source="dry_run",
        read_only=True,
        allow_null=True,
        help_text="A commit's check; null for a check.",
    )
    reason = serializers.SerializerMethodField(help_text="Why a commit was refused.")
    problem_count = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    change_count = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField(
        help_text="Per sheet: rows to create, to update and unchanged."
    )

    class Meta:
        model = DataTransfer
        fields = [
            "id",
            "state",
            "cycle",
            "check",
            "file_name",
            "size",
            "sha256",
            "rows",
            "created_at",
            "reason",
            "problem_count",
            "problems",
            "change_count",
            "changes",
            "counts",
        ]
        read_only_fields = fields

    def get_reason(self, transfer) -> str:
        return transfer.summary.get("reason", "")

    def get_problem_count(self, transfer) -> int:
        return transfer.summary.get("problem_count", 0)

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_problems(self, transfer):
        return transfer.summary.get("problems", [])

    def get_change_count(self, transfer) -> int:
        return transfer.summary.get("change_count", 0)

    @extend_schema_field(ImportChangeSerializer(many=True))
    def get_changes(self, transfer):
        return transfer.summary.get("changes", [])

    @extend_schema_field(COUNTS)
    def get_counts(self, transfer):
        return transfer.summary.get("counts", {})


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text="The filled-in import template (.xlsx), at most 5 MB."
    )


class ImportCommitSerializer(serializers.Serializer):
    sha256 = StringField(
        max_length=64,
        help_text="The check's sha256: the commit applies exactly the file that was checked.",
    )


@extend_schema(
    summary="Download the cycle's approved content as a workbook or a CSV file",
    parameters=[ExportQuerySerializer],
    responses={
        (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        (200, CSV_TYPE): OpenApiTypes.BINARY,
    },
)
class CycleExport(APIView):
    """The cycle's approved content, as the spreadsheet page exports it: the latest approved
    revision of each submission, never a draft, headed in the request's language (right to
    left in Arabic). The workbook has typed cells (numbers as numbers, dates as dates, codes
    as text); CSV files are UTF-8 with a byte order mark. Every member may export."""

    def get(self, request, code: str):
        if not access.may_export(user=request.user):
            raise Http404
        cycle = cycle_get(code=code)
        # A plain dict: `?what=` given empty is refused, not taken for the default.
        query = ExportQuerySerializer(data={"what": request.query_params.get("what", "xlsx")})
        query.is_valid(raise_exception=True)
        what, language = query.validated_data["what"], translation.get_language()
        if what == "xlsx":
            made = export.cycle_export_xlsx(user=request.user, cycle=cycle, language=language)
            return _file(made)
        streamed = export.cycle_export_csv(
            user=request.user, cycle=cycle, dataset=what, language=language
        )
        response = StreamingHttpResponse(streamed.chunks, content_type=streamed.content_type)
        response["Content-Disposition"] = content_disposition_header(True, streamed.file_name)
        return export.no_store(response)


@extend_schema(
    summary="Download the import template with today's strategy actions and indicators",
    responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
)
class ImportTemplate(APIView):
    """The import template (coordinators only), filled with today's data: download, edit,
    upload is a round trip."""

    def get(self, request, code: str):
        cycle = cycle_get(code=code)
        return _file(
            template.import_template_xlsx(
                user=request.user, cycle=cycle, language=translation.get_language()
            )
        )


@extend_schema(
    summary="Check a filled-in import template (the dry run)",
    request={"multipart/form-data": ImportUploadSerializer},
    responses={201: ImportSerializer},
)
class ImportCheck(APIView):
    """Check an uploaded template against today's data and keep it (coordinators only):
    state `checked` with the changes it would make, or `rejected` with every problem by
    sheet, row and column, in the request's language. Nothing is saved until the check is
    committed."""

    parser_classes = [MultiPartParser]

    def post(self, request, code: str):
        if not access.may_import(user=request.user):
            raise Http404
        cycle = cycle_get(code=code)
        sent = ImportUploadSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        transfer = importing.import_check(
            user=request.user,
            cycle=cycle,
            upload=sent.validated_data["file"],
            language=translation.get_language(),
        )
        shown = import_get_for_user(user=request.user, transfer_id=transfer.pk)
        return Response(ImportSerializer(shown).data, status=status.HTTP_201_CREATED)


@extend_schema(summary="Read an import check or commit", responses={200: ImportSerializer})
class ImportDetail(APIView):
    """An import check (its problems, or the changes it would make) or a commit's result."""

    def get(self, request, import_id: int):
        transfer = import_get_for_user(user=request.user, transfer_id=import_id)
        return Response(ImportSerializer(transfer).data)


@extend_schema(
    summary="Commit a clean import check",
    request=ImportCommitSerializer,
    responses={
        201: OpenApiResponse(
            ImportSerializer,
            description="The commit: `committed`, every change saved in one transaction, or "
            "`refused` with the reason, nothing saved (the file or the data changed since the "
            "check, or it was committed already).",
        )
    },
)
class ImportCommit(APIView):
    """Carry out a check: all of it or nothing (coordinators only)."""

    def post(self, request, import_id: int):
        sent = ImportCommitSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        commit = importing.import_commit(
            user=request.user,
            transfer_id=import_id,
            sha256=sent.validated_data["sha256"],
            language=translation.get_language(),
        )
        shown = import_get_for_user(user=request.user, transfer_id=commit.pk)
        return Response(ImportSerializer(shown).data, status=status.HTTP_201_CREATED)
