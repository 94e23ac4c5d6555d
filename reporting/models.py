"""Review cycles, submissions and their review."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gcm_portal.accounts.models import Organisation, User
from gcm_portal.bilingual import pick
from gcm_portal.text import ShortTextField
from objectives.models import (
    Action,
    Indicator,
    Objective,
    PolicyDomain,
    Principle,
    StakeholderType,
    StrategyAction,
)
from reporting.snapshot import NARRATIVE_FIELDS


class ReviewCycle(models.Model):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional review")
        IMRF = "imrf", _("International Migration Review Forum")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", pgettext_lazy("state of a review cycle", "Open")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("reporting year"))
    title_en = ShortTextField(_("title (English)"), max_length=200)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=200, blank=True)
    region_en = ShortTextField(_("region (English)"), max_length=100, blank=True)
    region_ar = ShortTextField(_("region (Arabic)"), max_length=100, blank=True)
    venue_en = ShortTextField(_("venue (English)"), max_length=200, blank=True)
    venue_ar = ShortTextField(_("venue (Arabic)"), max_length=200, blank=True)
    organisers = ShortTextField(_("organisers"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    dates_note = ShortTextField(
        _("dates note"),
        max_length=100,
        blank=True,
        help_text=_("Shown while the exact dates are not known, e.g. '2028 (to be announced)'."),
    )
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )

    class Meta:
        ordering = ["year", "kind"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.CheckConstraint(
                name="cycle_dates_in_order",
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)

    @property
    def venue(self) -> str:
        return pick(self.venue_en, self.venue_ar)

    @property
    def region(self) -> str:
        return pick(self.region_en, self.region_ar)


class ReportSection(models.Model):
    """A part of the report organisations contribute to besides the objectives (such as
    "policy and enabling environment"): it appears in their reporting lists when assigned, and
    the layout chapter that names it prints the approved contributions (LayoutChapter)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_en = ShortTextField(_("title (English)"), max_length=200)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=200, blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    guidance_ar = models.TextField(_("guidance (Arabic)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"))
    collects_submissions = models.BooleanField(_("organisations report on it"), default=False)

    class Meta:
        ordering = ["position"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)

    @property
    def guidance(self) -> str:
        return pick(self.guidance_en, self.guidance_ar)


class Assignment(models.Model):
    """The coordinator's request that an organisation report on an objective or a section."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assignments"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    section = models.ForeignKey(
        ReportSection, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                name="assignment_has_one_subject",
                condition=(
                    models.Q(objective__isnull=False, section__isnull=True)
                    | models.Q(objective__isnull=True, section__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "objective"],
                condition=models.Q(objective__isnull=False),
                name="unique_objective_assignment",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "section"],
                condition=models.Q(section__isnull=False),
                name="unique_section_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.organisation_id} -> {self.objective_id or self.section_id}"


class Submission(models.Model):
    """One organisation's report on one subject in one cycle; its working draft lives here.

    The state only changes through services.submission_transition; each submit freezes a
    Revision. `version` grows with every saved draft so stale saves are detected.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    class SubjectKind(models.TextChoices):
        OBJECTIVE = "objective", _("GCM objective")
        STRATEGY_ACTION = "strategy_action", _("Strategy action")
        SECTION = "section", _("Report section")

    class ImplementationStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        ARABIC = "ar", "العربية"

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    subject_kind = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions"
    )
    strategy_action = models.ForeignKey(
        StrategyAction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
    )
    section = models.ForeignKey(
        ReportSection, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Language.choices, default="en"
    )

    implementation_status = models.CharField(
        _("implementation status"), max_length=20, choices=ImplementationStatus.choices, blank=True
    )
    # The narrative fields (progress, challenges...) are added below, from
    # snapshot.NARRATIVE_FIELDS.
    principles = models.ManyToManyField(
        Principle, blank=True, related_name="submissions", verbose_name=_("guiding principles")
    )
    gcm_actions = models.ManyToManyField(
        Action, blank=True, related_name="submissions", verbose_name=_("GCM actions addressed")
    )
    linked_strategy_actions = models.ManyToManyField(
        StrategyAction,
        blank=True,
        related_name="linked_submissions",
        verbose_name=_("linked strategy actions"),
    )

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The reviewer who said they are reviewing it, so that two do not work on one; cleared
    # when the review ends (returned, approved or withdrawn).
    claimed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("being reviewed by"),
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.CheckConstraint(
                name="submission_subject_matches_kind",
                condition=(
                    models.Q(
                        subject_kind="objective",
                        objective__isnull=False,
                        strategy_action__isnull=True,
                        section__isnull=True,
                    )
                    | models.Q(
                        subject_kind="strategy_action",
                        objective__isnull=True,
                        strategy_action__isnull=False,
                        section__isnull=True,
                    )
                    | models.Q(
                        subject_kind="section",
                        objective__isnull=True,
                        strategy_action__isnull=True,
                        section__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "objective"],
                condition=models.Q(objective__isnull=False),
                name="unique_objective_submission",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "strategy_action"],
                condition=models.Q(strategy_action__isnull=False),
                name="unique_strategy_action_submission",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "section"],
                condition=models.Q(section__isnull=False),
                name="unique_section_submission",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "state", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.subject_label_en} · {self.cycle}"

    @property
    def subject(self):
        return self.objective or self.strategy_action or self.section

    @property
    def subject_label_en(self) -> str:
        if self.objective_id:
            return f"Objective {self.objective.number}"
        if self.strategy_action_id:
            return f"Strategy action {self.strategy_action.code}"
        return self.section.title_en

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


# The working draft's narrative text: one column per field that snapshot.py declares.
for _narrative in NARRATIVE_FIELDS:
    Submission.add_to_class(_narrative.name, models.TextField(_narrative.label, blank=True))


class Revision(models.Model):
    """The immutable content of a submission as it stood when it was submitted."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    content = models.JSONField(_("content"))
    language = models.CharField(_("language of the text"), max_length=2)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # What the library searches in an approved revision (reporting/library.py): its texts,
    # its reviewed translations, its organisation's and subject's names, normalised.
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["submission", "number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_revision")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} r{self.number}"


class Event(models.Model):
    """One state change of a submission: who, when, from, to, why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=12)
    to_state = models.CharField(_("to"), max_length=12)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    # Set once the notification e-mail has gone, so a redelivered task sends nothing.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "created_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_state} -> {self.to_state}"


class Comment(models.Model):
    """A reviewer's note on a whole submission (field '') or on one of its fields, or a reply
    in its thread (`parent`). A thread is open until the organisation says how it was
    addressed, and stays addressed until a reviewer resolves it (or replies, which opens it
    again)."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("comment state", "Open")
        ADDRESSED = "addressed", pgettext_lazy("comment state", "Addressed")
        RESOLVED = "resolved", pgettext_lazy("comment state", "Resolved")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    field = models.CharField(_("field"), max_length=40, blank=True)
    body = models.TextField(_("comment"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The thread's state; kept on the first comment of a thread only.
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    addressed_note = models.TextField(_("how it was addressed"), blank=True)
    addressed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    addressed_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.field or '*'}: {self.body[:40]}"

    def timeline(self) -> list[tuple[str, object]]:
        """What followed the comment, in the order it happened: ("reply", reply) and
        ("addressed", self) for the organisation's answer (replies as prefetched)."""
        events = [(reply.created_at, "reply", reply) for reply in self.replies.all()]
        if self.addressed_at:
            events.append((self.addressed_at, "addressed", self))
        return [(kind, item) for _when, kind, item in sorted(events, key=lambda e: e[0])]


class IndicatorValue(models.Model):
    """A reported value of an indicator, part of a submission's draft."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = ShortTextField(_("value"), max_length=100, blank=True)
    unit = ShortTextField(_("unit"), max_length=60, blank=True)
    reference_date = models.DateField(_("reference date"), null=True, blank=True)
    source = ShortTextField(_("source"), max_length=300, blank=True)
    # [{"dimension": "sex", "category": "female", "value": "120"}, ...]
    breakdown = models.JSONField(_("disaggregation"), default=list, blank=True)
    # --- the period the value is for: a year, or a start and an end date ---
    period_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    period_start = models.DateField(_("period starts on"), null=True, blank=True)
    period_end = models.DateField(_("period ends on"), null=True, blank=True)

    class Meta:
        ordering = ["indicator__code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="unique_indicator_value"
            ),
            models.CheckConstraint(
                name="indicator_value_period_in_order",
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class Evidence(models.Model):
    """A file attached to a submission; served only as a download to those who may see it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = ShortTextField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Removed from the draft; kept while a frozen revision still lists it.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """A deadline reminder sent to an organisation, once per cycle and milestone."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reminders"
    )
    milestone = models.CharField(_("milestone"), max_length=30)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation", "milestone"], name="unique_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.organisation_id} {self.milestone}"

    @property
    def is_overdue(self) -> bool:
        """Sent after the deadline ("overdue", or one the coordinator sent then)."""
        return self.milestone.startswith("overdue")


class ReportEdition(models.Model):
    """One compiled report: its job, the exact revisions it used, its PDF and its Word copy.

    A final edition never changes once it has succeeded; compiling again makes a new row.
    """

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("National contribution to the regional review")
        IMRF = "imrf", _("National report to the IMRF")
        REVIEW = "review", _("Voluntary GCM review")

    class Mode(models.TextChoices):
        PREVIEW = "preview", _("Preview (marked DRAFT)")
        FINAL = "final", _("Final")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Ready")
        FAILED = "failed", _("Failed")

    # The stage of a queued edition whose compile the broker could not take.
    WAITING_FOR_BROKER = "waiting-for-broker"
    # Done as a PDF; its Word copy, written beside the parts of a long edition, still to come.
    WORD_PENDING = "word"
    DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="editions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[("en", "English"), ("ar", "العربية")]
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    failure_reason = models.TextField(_("why it failed"), blank=True)
    # Empty when compiled from the command line.
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The delivery of the task that holds the job; a redelivered task takes it over.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Refreshed while an attempt runs; a running edition whose heartbeat stopped is dead.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    revisions = models.ManyToManyField(Revision, blank=True, related_name="editions")
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    # The same edition as a Word document, for circulating drafts; the PDF is the record.
    docx = models.FileField(_("Word document"), upload_to="reports/", blank=True)
    # The date the edition carries: its validation's for a final, its compile's for a preview.
    edition_date = models.DateField(_("edition date"), null=True, blank=True)
    # What the edition was made of (revisions, chapter texts, validation, layout, language):
    # two finals with the same key would be the same document.
    content_key = models.CharField(_("content key"), max_length=64, blank=True, db_index=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("report edition")
        verbose_name_plural = _("report editions")

    def __str__(self) -> str:
        return f"{self.cycle.code} {self.kind} {self.language} {self.mode} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def pdf_ready(self) -> bool:
        return self.state == self.State.SUCCEEDED and bool(self.pdf)

    @property
    def word_pending(self) -> bool:
        """The PDF is done; the Word copy, written beside it, is still being written."""
        return self.state == self.State.SUCCEEDED and self.stage == self.WORD_PENDING

    @property
    def docx_ready(self) -> bool:
        """Its Word copy is there (editions compiled before Word copies were made have none)."""
        return self.state == self.State.SUCCEEDED and bool(self.docx)

    @property
    def is_delayed(self) -> bool:
        """Queued, but the broker could not take the compile; a periodic sweep sends it."""
        return self.state == self.State.QUEUED and self.stage == self.WAITING_FOR_BROKER


class ReportPart(models.Model):
    """A part of a report compiled in parts, laid out once and reused while its HTML and the
    files it reads are the same (reporting/pdf/parts.py). Footers laid over a part are kept
    the same way. Bounded in total size (settings.REPORT_PART_CACHE_BYTES); a part no edition
    uses any more is removed."""

    key = models.CharField(_("content hash"), max_length=64, unique=True)
    pdf = models.FileField(_("PDF"), upload_to="report-parts/")
    page_count = models.PositiveIntegerField(_("pages"))
    # WeasyPrint's bookmarks per page and the page height, to nest them across parts.
    layout = models.JSONField(_("layout"), default=dict)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("last used at"), default=timezone.now)
    editions = models.ManyToManyField(ReportEdition, blank=True, related_name="parts")

    class Meta:
        verbose_name = _("report part")
        verbose_name_plural = _("report parts")

    def __str__(self) -> str:
        return f"{self.key[:12]} ({self.page_count} pages)"


class EditionPart(models.Model):
    """One part of one attempt at compiling an edition in parts: the work of one task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    class Kind(models.TextChoices):
        PDF = "pdf", _("Part of the PDF")
        WORD = "word", _("Word copy")

    edition = models.ForeignKey(ReportEdition, on_delete=models.CASCADE, related_name="work")
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    index = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices, default=Kind.PDF)
    html = models.TextField(_("HTML"), blank=True)
    key = models.CharField(_("content hash"), max_length=64, blank=True)
    placeholders = models.JSONField(_("anchors of other parts"), default=list)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    reused = models.BooleanField(_("reused"), default=False)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)

    class Meta:
        ordering = ["edition", "attempt", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "attempt", "index"], name="edition_part_once"
            )
        ]
        verbose_name = _("edition part")
        verbose_name_plural = _("edition parts")

    def __str__(self) -> str:
        return f"{self.edition_id}/{self.attempt}/{self.index}"


class DataTransfer(models.Model):
    """One spreadsheet export, import check or import commit: the audit trail of data that
    leaves or enters the portal as a file.

    An import check keeps the uploaded file and its SHA-256, so that its commit applies exactly
    the file that was checked; a commit row points at the check it carries out.
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook (.xlsx)")
        CSV = "csv", _("CSV")
        XLIFF = "xliff", _("XLIFF 2.0 (translation tools)")

    class Dataset(models.TextChoices):
        APPROVED_CONTENT = "approved_content", _("Approved content and indicator values")
        SUBMISSIONS = "submissions", _("Approved submissions")
        INDICATOR_VALUES = "indicator_values", _("Approved indicator values")
        STRATEGY_AND_INDICATORS = "strategy_indicators", _("Strategy actions and indicators")
        TRANSLATIONS = "translations", _("Translations")
        PLEDGES = "pledges", _("Approved pledges and their updates")

    class State(models.TextChoices):
        EXPORTED = "exported", _("Exported")
        CHECKED = "checked", _("Checked: ready to commit")
        REJECTED = "rejected", _("Checked: problems found")
        COMMITTED = "committed", _("Committed")
        REFUSED = "refused", _("Commit refused")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    dataset = models.CharField(_("data"), max_length=30, choices=Dataset.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, db_index=True)
    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_transfers",
        verbose_name=_("review cycle"),
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    language = models.CharField(_("language"), max_length=2)
    file_name = ShortTextField(_("file name"), max_length=200)
    # Imports only: the uploaded file as it was checked, under a random name.
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    dry_run = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commits",
        verbose_name=_("import check"),
    )
    # Exports: rows per sheet. Imports: problems, changes and counts.
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet transfer")
        verbose_name_plural = _("spreadsheet transfers")
        constraints = [
            # A checked file is imported at most once.
            models.UniqueConstraint(
                fields=["dry_run"],
                condition=models.Q(state="committed"),
                name="one_commit_per_import_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.dataset} {self.format} #{self.pk}"


class ReportLayout(models.Model):
    """How the report for one kind of review is laid out: its cover wording and its chapters,
    in order. Stored as data (reporting/data/report_layouts.json), edited by IOM in the admin."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=ReportEdition.Kind.choices, unique=True
    )
    # "{review}" stands for the cycle's title.
    title_en = ShortTextField(_("title (English)"), max_length=300)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=300, blank=True)
    cover_note_en = ShortTextField(_("cover note (English)"), max_length=300, blank=True)
    cover_note_ar = ShortTextField(_("cover note (Arabic)"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("report layout")
        verbose_name_plural = _("report layouts")

    def __str__(self) -> str:
        return self.get_kind_display()

    def title_for(self, review: str) -> str:
        return pick(self.title_en, self.title_ar).replace("{review}", review)

    @property
    def cover_note(self) -> str:
        return pick(self.cover_note_en, self.cover_note_ar)


class LayoutChapter(models.Model):
    """One chapter of a layout: what it holds, and whether the coordinator writes its text."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Written text")
        KEY_MESSAGES = "key_messages", _("Key messages")
        OBJECTIVES = "objectives", _("Progress by GCM objective")
        PRINCIPLES = "principles", _("Guiding principles")
        METHODOLOGY = "methodology", _("Methodology and process")
        ANNEX_CONTRIBUTORS = "annex_contributors", _("Annex: contributors")
        ANNEX_STRATEGY = "annex_strategy", _("Annex: national strategy actions")
        ANNEX_INDICATORS = "annex_indicators", _("Annex: indicators")
        PLEDGES = "pledges", _("Pledges and their implementation")
        ANNEX_PLEDGES = "annex_pledges", _("Annex: pledges")

    WRITTEN_KINDS = (
        Kind.TEXT,
        Kind.KEY_MESSAGES,
        Kind.OBJECTIVES,
        Kind.PRINCIPLES,
        Kind.METHODOLOGY,
        Kind.PLEDGES,
    )
    ANNEX_KINDS = (
        Kind.ANNEX_CONTRIBUTORS,
        Kind.ANNEX_STRATEGY,
        Kind.ANNEX_INDICATORS,
        Kind.ANNEX_PLEDGES,
    )

    layout = models.ForeignKey(ReportLayout, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_en = ShortTextField(_("title (English)"), max_length=200)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=200, blank=True)
    guidance_en = models.TextField(_("guidance for the writer (English)"), blank=True)
    guidance_ar = models.TextField(_("guidance for the writer (Arabic)"), blank=True)
    # Contributions organisations made to this report section are printed in the chapter.
    section = models.ForeignKey(
        ReportSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="layout_chapters",
        verbose_name=_("contributions to"),
    )
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    # Objectives chapters of the IMRF: grouped by the forum's round tables (RoundTable).
    group_by_round_table = models.BooleanField(_("grouped by round table"), default=False)

    class Meta:
        ordering = ["layout", "position"]
        verbose_name = _("layout chapter")
        verbose_name_plural = _("layout chapters")
        constraints = [
            models.UniqueConstraint(fields=["layout", "code"], name="unique_layout_chapter")
        ]

    def __str__(self) -> str:
        return f"{self.layout.kind} {self.position} {self.code}"

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)

    @property
    def guidance(self) -> str:
        return pick(self.guidance_en, self.guidance_ar)

    @property
    def is_written(self) -> bool:
        return self.kind in self.WRITTEN_KINDS


class RoundTable(models.Model):
    """An interactive multi-stakeholder round table of an IMRF and the objectives it covers
    (A/RES/73/326), stored per cycle since a later forum may group them differently."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="round_tables")
    number = models.PositiveSmallIntegerField(_("number"))
    objectives = models.ManyToManyField(Objective, related_name="round_tables")

    class Meta:
        ordering = ["cycle", "number"]
        verbose_name = _("round table")
        verbose_name_plural = _("round tables")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="unique_round_table")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} round table {self.number}"


class Chapter(models.Model):
    """The coordinator's own text for one chapter of a cycle's report, or for one objective's
    synthesis: written in the portal (by the coordinator or a drafter they name), reviewed and
    approved by IOM as contributions are. `version` grows with every saved draft."""

    State = Submission.State

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="chapters")
    layout_chapter = models.ForeignKey(
        LayoutChapter, on_delete=models.PROTECT, related_name="texts"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="syntheses"
    )
    # The coordinating organisation: its coordinators write the chapter, and no one with a
    # role in it reviews the chapter.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="chapters"
    )
    drafter = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafter"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Submission.Language.choices, default="en"
    )
    body = models.TextField(_("text"), blank=True)
    # Key messages: a list of short texts.
    messages = models.JSONField(_("key messages"), default=list, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "layout_chapter__position", "objective__number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "layout_chapter"],
                condition=models.Q(objective__isnull=True),
                name="unique_chapter",
            ),
            models.UniqueConstraint(
                fields=["cycle", "layout_chapter", "objective"],
                condition=models.Q(objective__isnull=False),
                name="unique_objective_synthesis",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" objective {self.objective.number}" if self.objective_id else ""
        return f"{self.cycle} {self.layout_chapter.code}{suffix}"

    @property
    def title(self) -> str:
        if self.objective_id:
            return f"{self.layout_chapter.title}: {self.objective.number}. {self.objective.title}"
        return self.layout_chapter.title

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class ChapterRevision(models.Model):
    """The immutable text of a chapter as it stood when it was submitted."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    # {"body": "...", "messages": ["..."], "citations": [submission ids]}
    content = models.JSONField(_("content"))
    language = models.CharField(_("language of the text"), max_length=2)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["chapter", "number"]
        verbose_name = _("chapter revision")
        verbose_name_plural = _("chapter revisions")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "number"], name="unique_chapter_revision")
        ]

    def __str__(self) -> str:
        return f"{self.chapter_id} r{self.number}"


class ChapterEvent(models.Model):
    """One state change of a chapter: who, when, from, to, why."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=12)
    to_state = models.CharField(_("to"), max_length=12)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    revision = models.ForeignKey(
        ChapterRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["chapter", "created_at", "pk"]
        verbose_name = _("chapter event")
        verbose_name_plural = _("chapter events")

    def __str__(self) -> str:
        return f"{self.chapter_id}: {self.from_state} -> {self.to_state}"


class Validation(models.Model):
    """The national validation of a cycle's report: when, by which body, who took part, the
    minutes, and the decision. A final edition needs one that validated the report."""

    class Decision(models.TextChoices):
        VALIDATED = "validated", _("Validated")
        WITH_CHANGES = "with_changes", _("Validated with changes")
        NOT_VALIDATED = "not_validated", _("Not validated")

    VALIDATING = (Decision.VALIDATED, Decision.WITH_CHANGES)

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="validations")
    kind = models.CharField(_("report"), max_length=10, choices=ReportEdition.Kind.choices)
    held_on = models.DateField(_("held on"))
    body_en = ShortTextField(_("validating body (English)"), max_length=300)
    body_ar = ShortTextField(_("validating body (Arabic)"), max_length=300, blank=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="validations", verbose_name=_("organisations present")
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    notes = models.TextField(_("notes"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to="validations/%Y/", blank=True)
    minutes_name = ShortTextField(_("minutes file name"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("national validation")
        verbose_name_plural = _("national validations")

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.kind} {self.held_on} {self.decision}"

    @property
    def body(self) -> str:
        return pick(self.body_en, self.body_ar)

    @property
    def validates(self) -> bool:
        return self.decision in self.VALIDATING


class Exclusion(models.Model):
    """A submission the coordinator leaves out of the cycle's final report while it is under
    review or reopened, with the reason the methodology annex prints."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="exclusion"
    )
    reason = models.TextField(_("reason"))
    excluded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    excluded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exclusion from the final report")
        verbose_name_plural = _("exclusions from the final report")

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.reason[:40]}"


class Translation(models.Model):
    """The translation of an approved contribution, or of a chapter's approved text, into the
    other language: the source's sentences with their translations, the revision translated,
    who translated it and who reviewed it.

    `segments` holds, per field (a narrative's name; "body" and "message-N" for a chapter), the
    source's sentences in order: {"source", "after" (the white space that follows it),
    "target", "origin" ("translator", "memory", "import" or "" while untranslated)}. A newer
    approved revision of the source makes the translation out of date until it is brought up
    to the new text.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="translations"
    )
    language = models.CharField(
        _("translated into"), max_length=2, choices=Submission.Language.choices
    )
    source_revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_chapter_revision = models.ForeignKey(
        ChapterRevision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    segments = models.JSONField(default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    translated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    translated_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Reviewed without a reviewer: every sentence came from reviewed translations.
    reused_in_full = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(submission__isnull=False, chapter__isnull=True)
                    | models.Q(submission__isnull=True, chapter__isnull=False)
                ),
                name="translation_of_one_thing",
            ),
            models.UniqueConstraint(
                fields=["submission", "language"],
                condition=models.Q(submission__isnull=False),
                name="one_translation_per_submission_language",
            ),
            models.UniqueConstraint(
                fields=["chapter", "language"],
                condition=models.Q(chapter__isnull=False),
                name="one_translation_per_chapter_language",
            ),
        ]

    def __str__(self) -> str:
        what = (
            f"submission {self.submission_id}"
            if self.submission_id
            else f"chapter {self.chapter_id}"
        )
        return f"{what} → {self.language} ({self.state})"

    @property
    def source_id(self) -> int | None:
        return self.source_revision_id or self.source_chapter_revision_id


class MemoryEntry(models.Model):
    """One reviewed sentence pair of the translation memory, offered again whenever the same
    sentence (compared as `segments.normalise` writes it) is to be translated."""

    source_language = models.CharField(max_length=2, choices=Submission.Language.choices)
    target_language = models.CharField(max_length=2, choices=Submission.Language.choices)
    source_key = models.CharField(max_length=64)  # segments.fingerprint(source_text)
    source_text = models.TextField()
    target_text = models.TextField()
    translation = models.ForeignKey(
        Translation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_key"],
                name="one_memory_entry_per_sentence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.source_text[:40]}"


class TranslationWaiver(models.Model):
    """The coordinator's decision that an edition prints a contribution or chapter in its own
    language only, with a line saying so in the edition's language."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(
        _("edition language"), max_length=2, choices=Submission.Language.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    waived_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    waived_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("translation waiver")
        verbose_name_plural = _("translation waivers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(submission__isnull=False, chapter__isnull=True)
                    | models.Q(submission__isnull=True, chapter__isnull=False)
                ),
                name="waiver_of_one_thing",
            ),
            models.UniqueConstraint(
                fields=["submission", "language"],
                condition=models.Q(submission__isnull=False),
                name="one_waiver_per_submission_language",
            ),
            models.UniqueConstraint(
                fields=["chapter", "language"],
                condition=models.Q(chapter__isnull=False),
                name="one_waiver_per_chapter_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id or self.chapter_id} {self.language}"


# --- pledges and their follow-up --------------------------------------------------------------


class ReviewState(models.TextChoices):
    """The states of work that IOM reviews; the same table moves them (workflow.TRANSITIONS)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class Pledge(models.Model):
    """A voluntary pledge made at a review (the UN Network on Migration's pledge form).

    Written and submitted by the pledging organisation's focal points and approved by IOM like
    a submission; `approved_content` holds the text as approved, which is what reports print.
    """

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual pledge")
        COMMON = "common", _("Common pledge")
        PARTNERSHIP = "partnership", _("Pledge in partnership")
        MATCHING = "matching", _("Matching pledge")

    class Form(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        HUMAN_RESOURCES = "human_resources", _("Human resources")
        PROCESS = "process", _("Process-oriented")
        POLICY = "policy", _("Policy-oriented")

    DESCRIPTION_MIN_CHARS = 300
    DESCRIPTION_MAX_CHARS = 3000

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("made at")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("pledging organisation"),
    )
    co_pledgers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_pledges",
        verbose_name=_("other pledging organisations"),
    )
    kind = models.CharField(_("type of pledge"), max_length=20, choices=Kind.choices)
    matched_pledge = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matched_by",
        verbose_name=_("pledge it matches"),
    )
    form = models.CharField(_("form of pledge"), max_length=20, choices=Form.choices)
    # Written in English, Arabic or both; a report prints its own language's text where there
    # is one and says so where it prints the other.
    title_en = ShortTextField(_("title (English)"), max_length=200, blank=True)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="pledges", verbose_name=_("GCM objectives")
    )
    principles = models.ManyToManyField(
        Principle, blank=True, related_name="pledges", verbose_name=_("guiding principles")
    )
    gcm_actions = models.ManyToManyField(
        Action, blank=True, related_name="pledges", verbose_name=_("GCM actions")
    )
    strategy_actions = models.ManyToManyField(
        StrategyAction, blank=True, related_name="pledges", verbose_name=_("strategy actions")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="pledges", verbose_name=_("indicators")
    )
    metric = ShortTextField(_("metric"), max_length=300, blank=True)
    baseline = ShortTextField(_("baseline"), max_length=100, blank=True)
    target = ShortTextField(_("target"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    network_id = ShortTextField(_("UN Network pledge id"), max_length=40, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
    )
    approved_content = models.JSONField(_("as approved"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["cycle__year", "pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                name="matching_pledge_names_the_matched",
                condition=(
                    models.Q(kind="matching", matched_pledge__isnull=False)
                    | (~models.Q(kind="matching") & models.Q(matched_pledge__isnull=True))
                ),
            )
        ]

    def __str__(self) -> str:
        return f"P-{self.pk} {self.title}"

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar) or self.title_ar

    @property
    def description(self) -> str:
        return pick(self.description_en, self.description_ar) or self.description_ar

    @property
    def reference(self) -> str:
        return f"P-{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.state in (ReviewState.DRAFT, ReviewState.RETURNED)


class PledgeUpdate(models.Model):
    """Where a pledge stands at a later review: its status, what was done, the evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        ACHIEVED = "achieved", _("Achieved")
        DISCONTINUED = "discontinued", _("Discontinued")

    NARRATIVE_MAX_CHARS = 6000

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="updates")
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="pledge_updates")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    narrative_en = models.TextField(_("what was done (English)"), blank=True)
    narrative_ar = models.TextField(_("what was done (Arabic)"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
    )
    approved_content = models.JSONField(_("as approved"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["pledge", "cycle__year"]
        verbose_name = _("pledge update")
        verbose_name_plural = _("pledge updates")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "cycle"], name="one_update_per_cycle")
        ]

    def __str__(self) -> str:
        return f"P-{self.pledge_id} {self.cycle_id} {self.status}"

    @property
    def organisation_id(self) -> int:
        return self.pledge.organisation_id

    @property
    def narrative(self) -> str:
        return pick(self.narrative_en, self.narrative_ar) or self.narrative_ar

    @property
    def is_editable(self) -> bool:
        return self.state in (ReviewState.DRAFT, ReviewState.RETURNED)


class PledgeEvidence(models.Model):
    """A file attached to a pledge update, checked like a submission's evidence."""

    update = models.ForeignKey(PledgeUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="pledges/%Y/%m/")
    original_name = ShortTextField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("pledge evidence")
        verbose_name_plural = _("pledge evidence")

    def __str__(self) -> str:
        return self.original_name


class PledgeEvent(models.Model):
    """One state change of a pledge or of one of its updates (who, when, from, to, why)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    update = models.ForeignKey(
        PledgeUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=12)
    to_state = models.CharField(_("to"), max_length=12)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pledge event")
        verbose_name_plural = _("pledge events")

    def __str__(self) -> str:
        return f"P-{self.pledge_id} {self.action}"


class PolicyDomainAnswers(models.Model):
    """A submission's answers to one SDG 10.7.2 policy domain, part of its draft (the section
    reporting/policy_domains.SECTION_CODE): {sub-category code: "yes" | "no" | "not_known"}
    and an optional note. The domain's score is computed from them, never stored."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="policy_answers"
    )
    domain = models.ForeignKey(PolicyDomain, on_delete=models.PROTECT, related_name="answers")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["domain__number"]
        verbose_name = _("SDG 10.7.2 domain answers")
        verbose_name_plural = _("SDG 10.7.2 domain answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "domain"], name="unique_policy_domain_answers"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: domain {self.domain_id}"


# --- consultations held for a review cycle (the methodology chapter prints them) ------------


class Consultation(models.Model):
    """A consultation held for a review cycle: when, in what format, where, organised by whom,
    what it covered (GCM objectives, report chapters), who took part (ConsultationParticipants,
    by stakeholder type and sex), the inputs received (ConsultationInput) and how they were
    used. The national coordinator keeps these records; the report's methodology prints them.

    Its free texts (title, place, organiser's name, how the input was used) are written in
    `language` and printed as written, in that language's direction."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        WRITTEN = "written", _("Written")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="consultations")
    title = ShortTextField(_("title"), max_length=200)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Submission.Language.choices
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    place = ShortTextField(_("place"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations_organised",
        verbose_name=_("organiser"),
    )
    organiser_name = ShortTextField(
        _("organiser (if not in the list)"), max_length=200, blank=True
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="consultations", verbose_name=_("objectives covered")
    )
    chapters = models.ManyToManyField(
        LayoutChapter,
        blank=True,
        related_name="consultations",
        verbose_name=_("report chapters covered"),
    )
    kurdistan_region_took_part = models.BooleanField(
        _("the Kurdistan Region took part"), default=False
    )
    parliament_took_part = models.BooleanField(_("parliament took part"), default=False)
    how_input_was_used = models.TextField(_("how the input was used"), blank=True)
    changed_submissions = models.ManyToManyField(
        Submission,
        blank=True,
        related_name="consultations",
        verbose_name=_("contributions changed as a result"),
    )
    changed_chapters = models.ManyToManyField(
        Chapter,
        blank=True,
        related_name="consultations",
        verbose_name=_("chapters changed as a result"),
    )
    # Every change adds one: a final edition's content key reads it.
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "starts_on", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                name="consultation_dates_in_order",
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.starts_on} {self.title}"

    @property
    def organiser_label(self) -> str:
        return self.organiser.name if self.organiser_id else self.organiser_name


class ConsultationParticipants(models.Model):
    """How many people of one stakeholder type (GCM paragraph 44) took part in a
    consultation, by sex; no stakeholder type means government institutions."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    stakeholder_type = models.ForeignKey(
        StakeholderType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    not_stated = models.PositiveIntegerField(_("sex not stated"), default=0)

    class Meta:
        verbose_name = _("consultation participants")
        verbose_name_plural = _("consultation participants")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "stakeholder_type"],
                condition=models.Q(stakeholder_type__isnull=False),
                name="one_participant_row_per_type",
            ),
            models.UniqueConstraint(
                fields=["consultation"],
                condition=models.Q(stakeholder_type__isnull=True),
                name="one_government_participant_row",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.stakeholder_type_id}: {self.total}"

    @property
    def total(self) -> int:
        return self.women + self.men + self.not_stated


class ConsultationInput(models.Model):
    """A file received in a consultation (written input, minutes), checked as evidence files
    are and served only as a download to those who may read the consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="inputs")
    file = models.FileField(_("file"), upload_to="consultations/%Y/")
    original_name = ShortTextField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("consultation input")
        verbose_name_plural = _("consultation inputs")

    def __str__(self) -> str:
        return self.original_name
