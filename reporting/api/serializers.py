"""Submissions, their review and compiled reports, as the API shows and accepts them.

Serializers only translate: what may be written, by whom and when is decided by the services
(reporting.services), which the views call.
"""

import datetime
from dataclasses import replace

from django.db import models
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from gcm_portal.accounts.api.serializers import OrganisationSummarySerializer, person_name
from gcm_portal.accounts.models import Organisation
from gcm_portal.bilingual import pick
from objectives.api.serializers import (
    IndicatorSummarySerializer,
    ObjectiveSummarySerializer,
    StrategyActionSummarySerializer,
)
from reporting import policy_domains, snapshot, workflow
from reporting.models import (
    Comment,
    Event,
    Evidence,
    IndicatorValue,
    ReportEdition,
    ReportSection,
    ReviewCycle,
    Revision,
    Submission,
)
from reporting.selectors.submissions import organisation_list_for_user
from reporting.services.editions import DELAYED_NOTICE
from reporting.services.submissions import Draft, IndicatorEntry, PolicyDomainEntry, draft_of

# Database ids are 64-bit: a larger number is a 400, not a database error.
MAX_ID = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _timestamp(moment: datetime.datetime | None, zone) -> str | None:
    """A moment as DRF's DateTimeField shows it: ISO 8601 in the current time zone."""
    if moment is None:
        return None
    shown = moment.astimezone(zone).isoformat()
    return shown[:-6] + "Z" if shown.endswith("+00:00") else shown


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class StringField(serializers.CharField):
    """Text, and only text: a number or a list sent in its place is refused, not turned
    into its string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text fields take text only (StringField)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StringField,
        models.TextField: StringField,
    }


class PersonField(serializers.CharField):
    """A person as others see them: their name."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user) -> str:
        return person_name(user)


# --- cycles and sections ------------------------------------------------------------------


class CycleSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True)
    venue = serializers.CharField(read_only=True)

    class Meta:
        model = ReviewCycle
        fields = [
            "id",
            "code",
            "kind",
            "year",
            "title",
            "title_en",
            "title_ar",
            "region",
            "venue",
            "organisers",
            "starts_on",
            "ends_on",
            "dates_note",
            "submission_deadline",
            "state",
        ]


class SectionSummarySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = ReportSection
        fields = ["id", "code", "title"]


# --- submissions --------------------------------------------------------------------------


class SubmissionSerializer(serializers.ModelSerializer):
    """What every reader of a submission sees in a list: who reports on what, and where it is."""

    cycle = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True)
    objective = ObjectiveSummarySerializer(read_only=True, allow_null=True)
    strategy_action = StrategyActionSummarySerializer(read_only=True, allow_null=True)
    section = SectionSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "cycle",
            "organisation",
            "subject_kind",
            "objective",
            "strategy_action",
            "section",
            "state",
            "created_at",
            "submitted_at",
            "approved_at",
        ]
        read_only_fields = fields

    # What a row is made of. Lists fetch these columns with values(), never model instances
    # (building those was half the cost of a page of 50), and never the narratives.
    COLUMNS = [
        "id",
        "subject_kind",
        "state",
        "created_at",
        "submitted_at",
        "approved_at",
        "cycle__code",
        *[f"organisation__{name}" for name in ("id", "slug", "acronym", "name_en", "name_ar")],
        "organisation__kind",
        *[f"objective__{name}" for name in ("id", "number", "title_en", "title_ar")],
        *[f"strategy_action__{name}" for name in ("id", "code", "title_en", "title_ar")],
        *[f"section__{name}" for name in ("id", "code", "title_en", "title_ar")],
    ]

    def to_representation(self, submission) -> dict:
        """The declared fields, built directly from a Submission or from its COLUMNS row:
        DRF's field-by-field machinery was the other half of the cost of a page of 50.
        tests/api/test_serializers.py holds the result equal to DRF's own rendering of the
        declared fields, from which the schema is made."""

        zone = timezone.get_current_timezone()

        def value(path: str):
            if isinstance(submission, dict):
                return submission[path]
            found = submission
            for name in path.split("__"):
                found = getattr(found, name) if found is not None else None
            return found

        def subject(name: str, key: str) -> dict | None:
            if value(f"{name}__id") is None:
                return None
            return {
                "id": value(f"{name}__id"),
                key: value(f"{name}__{key}"),
                "title": pick(value(f"{name}__title_en"), value(f"{name}__title_ar")),
            }

        return {
            "id": value("id"),
            "cycle": value("cycle__code"),
            "organisation": {
                "id": value("organisation__id"),
                "slug": value("organisation__slug"),
                "acronym": value("organisation__acronym"),
                "name": pick(value("organisation__name_en"), value("organisation__name_ar")),
                "kind": value("organisation__kind"),
            },
            "subject_kind": value("subject_kind"),
            "objective": subject("objective", "number"),
            "strategy_action": subject("strategy_action", "code"),
            "section": subject("section", "code"),
            "state": value("state"),
            **{
                name: _timestamp(value(name), zone)
                for name in ("created_at", "submitted_at", "approved_at")
            },
        }


def narrative_fields(**options) -> dict:
    """One text field per narrative field of the form (reporting/snapshot.py)."""
    return {
        narrative.name: StringField(allow_blank=True, max_length=narrative.char_limit, **options)
        for narrative in snapshot.NARRATIVE_FIELDS
    }


def with_narratives(fields: dict, after: str, **options) -> dict:
    """`fields` with the narrative fields put in after the one named."""
    placed = {}
    for name, declared in fields.items():
        placed[name] = declared
        if name == after:
            placed.update(narrative_fields(**options))
    return placed


class RevisionSubjectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Submission.SubjectKind.choices)
    code = serializers.CharField(help_text="Objective number, strategy action or section code.")
    title_en = serializers.CharField()
    title_ar = serializers.CharField()
    lead_en = serializers.CharField(help_text="A strategy action's lead organisation.")
    lead_ar = serializers.CharField()
    objectives = serializers.ListField(child=serializers.IntegerField())


class RevisionReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title_en = serializers.CharField(required=False, help_text="As at submit (version 2).")
    title_ar = serializers.CharField(required=False)


class RevisionBreakdownSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    category = serializers.CharField()
    value = serializers.CharField()


class RevisionIndicatorValueSerializer(serializers.Serializer):
    """A reported value; the indicator's facts as they stood at submit (version 2 only)."""

    indicator_id = serializers.IntegerField()
    code = serializers.CharField()
    value = serializers.CharField()
    unit = serializers.CharField()
    reference_date = serializers.CharField(help_text="ISO date, or empty.")
    source = serializers.CharField()
    breakdown = RevisionBreakdownSerializer(many=True)
    name_en = serializers.CharField(required=False)
    name_ar = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    default_unit_en = serializers.CharField(required=False)
    default_unit_ar = serializers.CharField(required=False)
    sdg_code = serializers.CharField(required=False)
    baseline = serializers.CharField(required=False, help_text="As text (a number or a note).")
    baseline_year = serializers.IntegerField(required=False)
    target = serializers.CharField(required=False, help_text="As text (a number or a note).")
    target_year = serializers.IntegerField(required=False)
    # Version 3
    direction = serializers.CharField(required=False)
    framework = serializers.CharField(required=False)
    period_year = serializers.IntegerField(required=False)
    period_start = serializers.CharField(required=False, help_text="ISO date.")
    period_end = serializers.CharField(required=False, help_text="ISO date.")


class RevisionEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Download: GET /api/v1/evidence/{id}/download/")
    name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class RevisionPolicyAnswerSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Sub-category code, e.g. 1.1.")
    text_en = serializers.CharField()
    text_ar = serializers.CharField()
    answer = serializers.CharField(help_text="yes, no, not_known, or empty when unanswered.")


class RevisionPolicyDomainSerializer(serializers.Serializer):
    """One SDG 10.7.2 policy domain as answered; its score is computed from the answers."""

    number = serializers.IntegerField()
    title_en = serializers.CharField()
    title_ar = serializers.CharField()
    answers = RevisionPolicyAnswerSerializer(many=True)
    note = serializers.CharField()
    yes = serializers.IntegerField(help_text="Sub-categories answered yes.")
    score = serializers.IntegerField(
        allow_null=True,
        help_text="1 Requires further progress, 2 Partially meets, 3 Meets, 4 Fully meets "
        "(from the share of yes answers); null until every sub-category is answered.",
    )


class RevisionContentSerializer(serializers.Serializer):
    """The frozen content of a revision, in the current version of its shape
    (reporting/snapshot.py; older revisions are read into it, without what they lack)."""

    version = serializers.IntegerField()
    language = serializers.CharField()
    implementation_status = serializers.CharField()
    subject = RevisionSubjectSerializer(allow_null=True, help_text="null before version 2.")
    principles = serializers.ListField(child=serializers.CharField(), help_text="Letters.")
    gcm_actions = RevisionReferenceSerializer(many=True)
    linked_strategy_actions = RevisionReferenceSerializer(many=True)
    indicator_values = RevisionIndicatorValueSerializer(many=True)
    evidence = RevisionEvidenceSerializer(many=True)
    policy_domains = RevisionPolicyDomainSerializer(
        many=True,
        required=False,
        help_text="The SDG 10.7.2 questionnaire, on its report section's revisions only.",
    )

    def get_fields(self):
        return with_narratives(super().get_fields(), after="implementation_status")


class RevisionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Revision
        fields = ["number", "language", "submitted_at", "approved_at"]


class RevisionSerializer(serializers.ModelSerializer):
    submitted_by = PersonField()
    content = serializers.SerializerMethodField()

    class Meta:
        model = Revision
        fields = ["number", "language", "submitted_by", "submitted_at", "approved_at", "content"]

    @extend_schema_field(RevisionContentSerializer)
    def get_content(self, revision) -> dict:
        frozen = snapshot.load(revision.content)
        return with_policy_scores(frozen, frozen.to_json())


def with_policy_scores(frozen: snapshot.Snapshot, content: dict) -> dict:
    """The content with each 10.7.2 domain's yes answers and score, computed from the answers."""
    for domain, shown in zip(
        frozen.policy_domains, content.get("policy_domains", []), strict=True
    ):
        score = domain.score
        shown.update(yes=score.yes, score=score.score)
    return content


class SubmissionDetailSerializer(SubmissionSerializer):
    """A submission as its readers see it: its submitted revisions, the latest in full.

    The working draft is not here: only the organisation's focal points read it, at
    /submissions/{id}/draft/.
    """

    revisions = serializers.SerializerMethodField()
    latest_revision = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="What the caller could do now: POST /submissions/{id}/{action}/."
    )

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "revisions", "latest_revision", "actions"]
        read_only_fields = fields

    def to_representation(self, submission) -> dict:
        return {
            **super().to_representation(submission),
            "revisions": self.get_revisions(submission),
            "latest_revision": self.get_latest_revision(submission),
            "actions": self.get_actions(submission),
        }

    @extend_schema_field(RevisionSummarySerializer(many=True))
    def get_revisions(self, submission) -> list:
        return RevisionSummarySerializer(self.context["revisions"], many=True).data

    @extend_schema_field(RevisionSerializer(allow_null=True))
    def get_latest_revision(self, submission) -> dict | None:
        revisions = self.context["revisions"]
        return RevisionSerializer(revisions[-1]).data if revisions else None

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(workflow.TRANSITIONS)))
    )
    def get_actions(self, submission) -> list[str]:
        return [transition.action for transition in self.context["actions"]]


class SubmissionStartSerializer(serializers.Serializer):
    """Start (or find) the organisation's submission on a subject it was asked to report on."""

    cycle = serializers.SlugRelatedField(
        slug_field="code", queryset=ReviewCycle.objects.all(), help_text="Cycle code."
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(), help_text="Your organisation's id."
    )
    subject_kind = serializers.ChoiceField(choices=Submission.SubjectKind.choices)
    subject_id = id_field(help_text="Id of the objective, strategy action or report section.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # absent when the schema is generated
        if request is not None:
            self.fields["organisation"].queryset = organisation_list_for_user(user=request.user)


class BreakdownRowSerializer(serializers.Serializer):
    dimension = serializers.CharField(
        max_length=40,
        help_text="A disaggregation dimension's code (GET /api/v1/disaggregations/), "
        "one the indicator is broken down by.",
    )
    category = serializers.CharField(max_length=40, help_text="e.g. female, 18-24, basra.")
    value = serializers.CharField(max_length=max_length(IndicatorValue, "value"))


class IndicatorEntrySerializer(serializers.Serializer):
    """One indicator's value in a draft; an entry with nothing in it removes the value."""

    indicator = id_field()
    value = serializers.CharField(
        max_length=max_length(IndicatorValue, "value"), allow_blank=True, default=""
    )
    unit = serializers.CharField(
        max_length=max_length(IndicatorValue, "unit"), allow_blank=True, default=""
    )
    reference_date = serializers.DateField(allow_null=True, default=None)
    source = serializers.CharField(
        max_length=max_length(IndicatorValue, "source"), allow_blank=True, default=""
    )
    breakdown = BreakdownRowSerializer(many=True, default=list)
    period_year = serializers.IntegerField(
        allow_null=True, default=None, help_text="The year the value is for; or give dates."
    )
    period_start = serializers.DateField(
        allow_null=True, default=None, help_text="Start of the period the value is for."
    )
    period_end = serializers.DateField(
        allow_null=True, default=None, help_text="End of the period (not before its start)."
    )

    @staticmethod
    def to_entry(data: dict) -> IndicatorEntry:
        # A PATCH leaves out the defaults of nested fields: what is not sent is empty.
        return IndicatorEntry(
            indicator_id=data["indicator"],
            value=data.get("value", ""),
            unit=data.get("unit", ""),
            reference_date=data.get("reference_date"),
            source=data.get("source", ""),
            breakdown=[dict(row) for row in data.get("breakdown", [])],
            period_year=data.get("period_year"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
        )


class PolicyDomainEntrySerializer(serializers.Serializer):
    """One SDG 10.7.2 domain's answers in a draft: {sub-category code: answer} and a note."""

    domain = serializers.IntegerField(min_value=1, max_value=99, help_text="Domain number, 1-6.")
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=list(policy_domains.ANSWERS), allow_blank=True),
        default=dict,
        help_text='{"1.1": "yes", "1.2": "no", "1.3": "not_known"}; an empty answer or a '
        "code left out is unanswered.",
    )
    note = serializers.CharField(
        max_length=policy_domains.NOTE_MAX_CHARS, allow_blank=True, default=""
    )


def _ids(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=id_field(), max_length=500, required=False, **kwargs)


class DraftSerializer(serializers.Serializer):
    """The working draft, for the organisation's focal points.

    Write it with the `version` you read: a save based on an older version is refused (409)
    unless it says exactly what is saved. PUT replaces the whole draft (what is left out is
    emptied); PATCH changes only the fields sent.
    """

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    language = serializers.ChoiceField(choices=Submission.Language.choices)
    implementation_status = serializers.ChoiceField(
        choices=Submission.ImplementationStatus.choices, allow_blank=True, required=False
    )
    principles = _ids(help_text="Principle ids.")
    gcm_actions = _ids(help_text="Action ids of the submission's objective.")
    linked_strategy_actions = _ids(help_text="Strategy action ids.")
    indicator_values = IndicatorEntrySerializer(many=True, required=False, max_length=500)
    policy_domains = PolicyDomainEntrySerializer(
        many=True,
        required=False,
        allow_null=True,
        max_length=20,
        help_text="The SDG 10.7.2 questionnaire, on its report section's draft only (null on "
        "any other). The score of each domain is computed from the answers when submitted.",
    )
    state = serializers.ChoiceField(choices=Submission.State.choices, read_only=True)
    is_editable = serializers.BooleanField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    updated_by = PersonField()

    LIST_FIELDS = {
        "principles": "principle_ids",
        "gcm_actions": "gcm_action_ids",
        "linked_strategy_actions": "linked_strategy_action_ids",
    }

    def get_fields(self):
        """The declared fields, with one text field per narrative field after the status."""
        return with_narratives(super().get_fields(), after="implementation_status", required=False)

    def validate(self, attrs):
        if "version" not in attrs:  # required even by PATCH
            raise serializers.ValidationError(
                {"version": [self.fields["version"].error_messages["required"]]}
            )
        return attrs

    def to_draft(self, base: Draft) -> Draft:
        """The draft to save: `base` with what was sent put in."""
        data = dict(self.validated_data)
        data.pop("version")
        sent = {name: data.pop(name) for name in snapshot.NARRATIVE_FIELD_NAMES if name in data}
        changes = {self.LIST_FIELDS.get(name, name): value for name, value in data.items()}
        changes["narratives"] = {**base.narratives, **sent}
        if "indicator_values" in data:
            changes["indicator_values"] = [
                IndicatorEntrySerializer.to_entry(entry) for entry in data["indicator_values"]
            ]
        if data.get("policy_domains") is not None:
            changes["policy_domains"] = {
                entry["domain"]: PolicyDomainEntry(
                    answers=dict(entry.get("answers", {})), note=entry.get("note", "")
                )
                for entry in data["policy_domains"]
            }
        elif not self.partial:
            changes["policy_domains"] = {}  # PUT: what is left out is emptied
        else:
            changes.pop("policy_domains", None)
        return replace(base, **changes)

    @classmethod
    def represent(cls, submission: Submission) -> dict:
        draft = draft_of(submission)
        return cls(
            {
                "version": submission.version,
                "language": draft.language,
                "implementation_status": draft.implementation_status,
                **{
                    name: draft.narratives.get(name, "") for name in snapshot.NARRATIVE_FIELD_NAMES
                },
                **{name: getattr(draft, attr) for name, attr in cls.LIST_FIELDS.items()},
                "indicator_values": [
                    {**entry.__dict__, "indicator": entry.indicator_id}
                    for entry in draft.indicator_values
                ],
                "policy_domains": (
                    [
                        {"domain": number, "answers": entry.answers, "note": entry.note}
                        for number, entry in sorted(draft.policy_domains.items())
                    ]
                    if draft.policy_domains is not None
                    else None
                ),
                "state": submission.state,
                "is_editable": submission.is_editable,
                "updated_at": submission.updated_at,
                "updated_by": submission.updated_by,
            }
        ).data


class TransitionSerializer(serializers.Serializer):
    reason = StringField(
        allow_blank=True,
        required=False,
        default="",
        max_length=snapshot.REASON_MAX_CHARS,
        help_text="Required to return or reopen: the organisation reads it.",
    )


# --- what hangs off a submission ----------------------------------------------------------


class CommentSerializer(serializers.ModelSerializer):
    field = serializers.ChoiceField(
        choices=snapshot.COMMENTABLE_FIELDS,
        allow_blank=True,
        default="",
        help_text="The field commented on; empty for the whole submission.",
    )
    author = PersonField()
    revision = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "field",
            "body",
            "author",
            "revision",
            "created_at",
            "parent",
            "state",
            "addressed_note",
        ]
        read_only_fields = [
            "id",
            "author",
            "revision",
            "created_at",
            "parent",
            "state",
            "addressed_note",
        ]
        extra_kwargs = {"body": {"max_length": snapshot.COMMENT_MAX_CHARS}}


class CommentNoteSerializer(serializers.Serializer):
    note = StringField(
        max_length=snapshot.COMMENT_MAX_CHARS,
        help_text="What the organisation changed for the comment, or why it did not.",
    )


class CommentReplySerializer(serializers.Serializer):
    body = StringField(max_length=snapshot.COMMENT_MAX_CHARS)


class EventSerializer(serializers.ModelSerializer):
    actor = PersonField()
    revision = serializers.SlugRelatedField(slug_field="number", read_only=True)
    reason = serializers.CharField(
        allow_null=True,
        read_only=True,
        help_text=(
            "Why it was returned or reopened. null when the caller does not read the review "
            "conversation (only the organisation's focal points and the review side do)."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "action",
            "from_state",
            "to_state",
            "actor",
            "reason",
            "revision",
            "created_at",
        ]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = IndicatorSummarySerializer(read_only=True)
    breakdown = BreakdownRowSerializer(many=True, read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "value",
            "unit",
            "reference_date",
            "period_year",
            "period_start",
            "period_end",
            "source",
            "breakdown",
        ]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    uploaded_by = PersonField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, evidence) -> str:
        return reverse("api:evidence-download", args=[evidence.pk])


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, Word, Excel, OpenDocument, PNG or JPEG.")


# --- compiled reports ---------------------------------------------------------------------


class EditionSerializer(serializers.ModelSerializer):
    cycle = serializers.SlugRelatedField(slug_field="code", read_only=True)
    requested_by = PersonField(allow_null=True, help_text="Empty when compiled by a command.")
    download_url = serializers.SerializerMethodField(
        help_text="Set once the PDF is ready (state succeeded)."
    )
    word_url = serializers.SerializerMethodField(
        help_text=(
            "Set once the Word copy is ready (state succeeded): the same report as a .docx "
            "for circulating drafts; the PDF is the document of record."
        )
    )
    notice = serializers.SerializerMethodField(
        help_text=(
            "Set while the compile is delayed because the background service cannot be reached "
            "(the edition stays queued and starts automatically when it is back)."
        )
    )

    class Meta:
        model = ReportEdition
        fields = [
            "id",
            "cycle",
            "kind",
            "language",
            "mode",
            "state",
            "progress",
            "stage",
            "failure_reason",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "page_count",
            "sha256",
            "download_url",
            "word_url",
            "notice",
        ]
        read_only_fields = fields

    def get_download_url(self, edition) -> str | None:
        if not edition.pdf_ready:
            return None
        return reverse("api:edition-download", args=[edition.pk])

    def get_word_url(self, edition) -> str | None:
        if not edition.docx_ready:
            return None
        return reverse("api:edition-word", args=[edition.pk])

    def get_notice(self, edition) -> str | None:
        return str(DELAYED_NOTICE) if edition.is_delayed else None


# Named for generated clients: a request body's component gets "Request" appended.
@extend_schema_serializer(component_name="NewEdition")
class EditionRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportEdition.Kind.choices)
    mode = serializers.ChoiceField(choices=ReportEdition.Mode.choices)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=[("en", "English"), ("ar", "العربية")]),
        min_length=1,
        max_length=2,
        help_text="One edition is compiled per language.",
    )


# --- an indicator's series across review cycles (reporting/selectors/series.py) -------------


class SeriesPointSerializer(serializers.Serializer):
    period_year = serializers.IntegerField(
        source="period.year", allow_null=True, help_text="The year, or null for dates."
    )
    period_start = serializers.DateField(source="period.start", allow_null=True)
    period_end = serializers.DateField(source="period.end", allow_null=True)
    period = serializers.SerializerMethodField(help_text="The period as the pages show it.")
    value = serializers.CharField(help_text="As reported and approved.")
    number = serializers.FloatField(allow_null=True, help_text="The value as a number.")
    organisation = serializers.IntegerField(source="organisation_id", help_text="Its id.")
    organisation_name = serializers.CharField(
        source="organisation", help_text="In the request's language."
    )
    cycle = serializers.CharField(source="cycle_code", help_text="The review cycle's code.")
    revision = serializers.IntegerField(source="revision_id", help_text="The approved revision.")

    def get_period(self, point) -> str:
        return point.period.label()


class ProgressSerializer(serializers.Serializer):
    percent = serializers.IntegerField(
        allow_null=True, help_text="Share of the way from baseline to target covered, 0-100."
    )
    on_track = serializers.BooleanField(
        allow_null=True, help_text="null when it cannot be judged (see reason)."
    )
    reached = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why progress cannot be computed or judged.")


class IndicatorSeriesSerializer(serializers.Serializer):
    """An indicator's approved values across review cycles, ordered by period, and its
    progress against the catalogue's baseline and target."""

    indicator = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    direction = serializers.CharField(source="indicator.direction")
    baseline = serializers.DecimalField(
        source="indicator.baseline",
        max_digits=20,
        decimal_places=6,
        coerce_to_string=False,
        allow_null=True,
    )
    baseline_year = serializers.IntegerField(source="indicator.baseline_year", allow_null=True)
    target = serializers.DecimalField(
        source="indicator.target",
        max_digits=20,
        decimal_places=6,
        coerce_to_string=False,
        allow_null=True,
    )
    target_year = serializers.IntegerField(source="indicator.target_year", allow_null=True)
    points = SeriesPointSerializer(many=True)
    progress = ProgressSerializer()
