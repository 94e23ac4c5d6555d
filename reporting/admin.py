from django.contrib import admin

from gcm_portal.audit.recording import record
from reporting.models import (
    Assignment,
    Chapter,
    ChapterRevision,
    Comment,
    DataTransfer,
    Event,
    Exclusion,
    LayoutChapter,
    Pledge,
    PledgeUpdate,
    ReportEdition,
    ReportLayout,
    ReportSection,
    ReviewCycle,
    Revision,
    RoundTable,
    Submission,
    Validation,
)


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "kind",
        "year",
        "starts_on",
        "venue_en",
        "submission_deadline",
        "state",
    ]
    list_filter = ["kind", "state"]

    def save_model(self, request, obj, form, change):
        # The admin is where a cycle opens and closes: record it like any state change.
        super().save_model(request, obj, form, change)
        if change and "state" in form.changed_data:
            record(
                "state_change",
                request=request,
                obj=obj,
                from_state=form.initial.get("state", ""),
                to_state=obj.state,
            )


@admin.register(ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    """What organisations contribute to besides the objectives; layouts print them."""

    list_display = [
        "position",
        "code",
        "title_en",
        "title_ar",
        "collects_submissions",
    ]
    list_display_links = ["code"]
    list_editable = ["position", "title_en", "title_ar"]


class LayoutChapterInline(admin.TabularInline):
    model = LayoutChapter
    extra = 0
    fields = [
        "position",
        "code",
        "kind",
        "title_en",
        "title_ar",
        "section",
        "word_limit",
        "group_by_round_table",
    ]


@admin.register(ReportLayout)
class ReportLayoutAdmin(admin.ModelAdmin):
    """Each report's cover wording and chapters, in order: IOM adjusts them as the reviews'
    guidelines change."""

    list_display = ["kind", "title_en"]
    inlines = [LayoutChapterInline]


@admin.register(RoundTable)
class RoundTableAdmin(admin.ModelAdmin):
    """The IMRF round tables of each cycle and the objectives each covers."""

    list_display = ["cycle", "number"]
    list_filter = ["cycle"]
    filter_horizontal = ["objectives"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["cycle", "organisation", "objective", "section", "assigned_by", "assigned_at"]
    list_filter = ["cycle", "organisation"]
    list_select_related = ["cycle", "organisation", "objective", "section", "assigned_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the portal's services write: the audit trail stays as it was made."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "cycle",
        "organisation",
        "subject_kind",
        "objective",
        "state",
        "submitted_at",
        "approved_at",
    ]
    list_filter = ["cycle", "state", "subject_kind", "organisation__kind"]
    list_select_related = ["cycle", "organisation", "objective"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = [
        "submission",
        "number",
        "language",
        "submitted_by",
        "submitted_at",
        "approved_at",
    ]
    list_select_related = ["submission__organisation", "submission__cycle", "submitted_by"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["submission_id", "action", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["action"]
    list_select_related = ["actor"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["submission_id", "field", "author", "created_at"]
    list_select_related = ["author"]


@admin.register(ReportEdition)
class ReportEditionAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "cycle",
        "kind",
        "language",
        "mode",
        "state",
        "attempts",
        "heartbeat_at",
        "page_count",
        "sha256",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["cycle", "kind", "language", "mode", "state"]
    list_select_related = ["cycle", "requested_by"]


@admin.register(DataTransfer)
class DataTransferAdmin(ReadOnlyAdmin):
    """Every spreadsheet export and import step, as the services recorded it."""

    list_display = [
        "pk",
        "created_at",
        "user",
        "kind",
        "dataset",
        "format",
        "state",
        "cycle",
        "file_name",
        "rows",
        "sha256",
    ]
    list_filter = ["kind", "dataset", "format", "state", "cycle"]
    list_select_related = ["user", "cycle"]
    search_fields = ["file_name", "sha256", "user__username"]
    date_hierarchy = "created_at"


@admin.register(Chapter)
class ChapterAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "layout_chapter", "objective", "state", "language", "updated_at"]
    list_filter = ["cycle", "state"]
    list_select_related = ["cycle", "layout_chapter__layout", "objective"]


@admin.register(ChapterRevision)
class ChapterRevisionAdmin(ReadOnlyAdmin):
    list_display = ["chapter", "number", "language", "submitted_by", "submitted_at", "approved_at"]
    list_select_related = ["chapter__layout_chapter", "chapter__cycle", "submitted_by"]


@admin.register(Validation)
class ValidationAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "kind", "held_on", "body_en", "decision", "recorded_by"]
    list_select_related = ["cycle", "recorded_by"]


@admin.register(Exclusion)
class ExclusionAdmin(ReadOnlyAdmin):
    list_display = ["submission", "excluded_by", "excluded_at"]
    list_select_related = ["submission", "excluded_by"]


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "cycle", "kind", "form", "state", "is_sample"]
    list_filter = ["cycle", "state", "kind", "form", "is_sample"]
    list_select_related = ["organisation", "cycle"]


@admin.register(PledgeUpdate)
class PledgeUpdateAdmin(ReadOnlyAdmin):
    list_display = ["pledge", "cycle", "status", "state", "approved_at"]
    list_filter = ["cycle", "status", "state"]
    list_select_related = ["pledge", "cycle"]
