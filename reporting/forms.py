"""Forms: they parse and validate input; the services apply the rules."""

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from gcm_portal import dates
from gcm_portal.accounts.models import Organisation
from objectives.disaggregation import Breakdowns
from objectives.models import (
    Action,
    Indicator,
    Objective,
    Principle,
    StrategyAction,
    validate_indicator_value,
)
from reporting import policy_domains, snapshot
from reporting.evidence import EvidenceRejected, check_evidence
from reporting.models import Pledge, PledgeUpdate, ReportEdition, Submission, Validation
from reporting.services import pledges as pledge_services
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    PolicyDomainEntry,
    breakdown_total_errors,
    period_errors,
)
from reporting.snapshot import FIELD_LABELS


def isolate(code: str) -> str:
    """Keep a code such as 10(a) in its own direction inside Arabic text."""
    return f"\u2066{code}\u2069"


class PlainSelect(forms.Select):
    """A select written out directly instead of through a template per option: the same HTML
    as Django's Select, for lists of hundreds of choices (strategy actions, organisations)
    that filter forms show on every page load."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            "{}",
            (
                (format_html(CHOSEN if str(key) in chosen else OPTION, key, label),)
                for key, label in ((("" if k is None else k), label) for k, label in self.choices)
            ),
        )
        final = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


OPTION = '<option value="{}">{}</option>'
CHOSEN = '<option value="{}" selected>{}</option>'


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations by their name in the language of the page."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class OrganisationsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ObjectiveChoiceField(forms.ModelChoiceField):
    """Objectives by number and title in the language of the page."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.number}. {obj.title}"


class PersonChoiceField(forms.ModelChoiceField):
    """People by the name the rest of the portal shows."""

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def follow_writing_language(form: forms.Form, names, default: str) -> None:
    """Set the direction and language of the form's text boxes from the language chosen in
    its "Language you are writing in" (static/js/portal.js keeps them in step when it
    changes)."""
    language = (form.data.get("language") if form.is_bound else None) or form.initial.get(
        "language", default
    )
    language = language if language in ("en", "ar") else default
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {
                    # English: "auto", so that Arabic typed before the choice is made still
                    # reads right to left.
                    "dir": "rtl" if language == "ar" else "auto",
                    "lang": language,
                    "data-follows-language": "true",
                }
            )


class SubmissionForm(forms.Form):
    """The progress form; its choices depend on the submission's subject."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.ChoiceField(
        label=_("Language you are writing in"),
        choices=Submission.Language.choices,
        widget=forms.RadioSelect,
    )
    implementation_status = forms.ChoiceField(
        label=_("Implementation status"),
        choices=[("", _("Choose…")), *Submission.ImplementationStatus.choices],
        required=False,
    )
    principles = forms.MultipleChoiceField(
        label=_("Guiding principles applied"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gcm_actions = forms.MultipleChoiceField(
        label=_("GCM actions addressed"), required=False, widget=forms.CheckboxSelectMultiple
    )
    linked_strategy_actions = forms.MultipleChoiceField(
        label=_("Linked strategy actions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args,
        submission: Submission,
        principles,
        gcm_actions,
        strategy_actions,
        indicators: list[Indicator],
        policy_domains=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.indicators = indicators
        for field in snapshot.NARRATIVE_FIELDS:
            self.fields[field.name] = forms.CharField(
                label=field.label,
                required=False,
                help_text=field.help_text,
                # A validator, not max_length: the browser would cut pasted text silently.
                validators=[snapshot.max_chars(field.char_limit)],
                widget=forms.Textarea(attrs={"rows": 8, "data-word-limit": field.word_limit}),
            )
            self.fields[field.name].word_limit = field.word_limit
            self.fields[field.name].required_to_submit = (
                submission.subject_kind in field.required_for
            )
        self.fields["principles"].choices = [(str(p.pk), p.title) for p in principles]
        self.fields["gcm_actions"].choices = [
            (str(a.pk), f"{isolate(a.code)} {a.described}") for a in gcm_actions
        ]
        self.fields["linked_strategy_actions"].choices = [
            (str(a.pk), f"{isolate(a.code)} {a.title}") for a in strategy_actions
        ]
        follow_writing_language(
            self, snapshot.NARRATIVE_FIELD_NAMES, default=submission.language or "en"
        )
        if submission.subject_kind == "section":
            del self.fields["implementation_status"]
        else:
            self.fields["implementation_status"].required_to_submit = True
        if submission.subject_kind != "objective":
            del self.fields["gcm_actions"]
        self.indicator_rows = {}
        self.breakdowns = Breakdowns() if any(i.disaggregations for i in indicators) else None
        for indicator in indicators:
            self._add_indicator_fields(indicator)
        self.policy_domains = list(policy_domains or [])
        self._add_policy_fields()

    def _add_indicator_fields(self, indicator: Indicator) -> None:
        prefix = f"indicator_{indicator.pk}"
        self.fields[f"{prefix}_value"] = _value_field(indicator.kind, _("Value"))
        self.fields[f"{prefix}_unit"] = forms.CharField(
            label=_("Unit"), required=False, max_length=60, initial=indicator.unit
        )
        self.fields[f"{prefix}_reference_date"] = forms.DateField(
            label=_("Reference date"),
            required=False,
            widget=DayMonthYearWidget(
                attrs={"class": "date-part", "data-label": _("Reference date")}
            ),
        )
        self.fields[f"{prefix}_source"] = forms.CharField(
            label=_("Source"), required=False, max_length=300
        )
        # The period the value is for: a year, or a start and an end date.
        self.fields[f"{prefix}_period_year"] = forms.IntegerField(
            label=_("Year"), required=False, min_value=1900, max_value=2100
        )
        for name, label in (("period_start", _("Period starts on")), ("period_end", _("Ends on"))):
            self.fields[f"{prefix}_{name}"] = forms.DateField(
                label=label,
                required=False,
                widget=DayMonthYearWidget(attrs={"class": "date-part", "data-label": label}),
            )
        groups = []
        for dimension in indicator.disaggregations:
            names = []
            for code, label in self.breakdowns.categories.get(dimension, []):
                name = f"{prefix}_bd_{dimension}_{code}"
                self.fields[name] = _value_field(indicator.kind, label, with_help=False)
                names.append((code, name))
            groups.append((dimension, names))
        self.indicator_rows[indicator.pk] = groups

    @classmethod
    def initial_for(cls, submission: Submission, values) -> dict:
        initial = {
            "version": submission.version,
            "language": submission.language,
            "implementation_status": submission.implementation_status,
            "principles": [str(p.pk) for p in submission.principles.all()],
            "gcm_actions": [str(a.pk) for a in submission.gcm_actions.all()],
            "linked_strategy_actions": [
                str(a.pk) for a in submission.linked_strategy_actions.all()
            ],
            **{name: getattr(submission, name) for name in snapshot.NARRATIVE_FIELD_NAMES},
        }
        for value in values:
            prefix = f"indicator_{value.indicator_id}"
            initial.update(
                {
                    f"{prefix}_value": value.value,
                    f"{prefix}_unit": value.unit or value.indicator.unit,
                    f"{prefix}_reference_date": value.reference_date,
                    f"{prefix}_source": value.source,
                    f"{prefix}_breakdown": value.breakdown,
                    f"{prefix}_period_year": value.period_year,
                    f"{prefix}_period_start": value.period_start,
                    f"{prefix}_period_end": value.period_end,
                }
            )
            for row in value.breakdown:
                initial[f"{prefix}_bd_{row['dimension']}_{row['category']}"] = row["value"]
        return initial

    def clean(self):
        cleaned = super().clean()
        for name in snapshot.NARRATIVE_FIELD_NAMES:
            words = snapshot.count_words(cleaned.get(name, ""))
            limit = self.fields[name].word_limit
            if words > limit:
                self.add_error(
                    name,
                    _("Keep this under %(limit)d words; it has %(count)d.")
                    % {"limit": limit, "count": words},
                )
        for indicator in self.indicators:
            if any(name.startswith(f"indicator_{indicator.pk}_") for name in self.errors):
                continue
            entry = self._indicator_entry(indicator)
            for name, message in period_errors(entry).items():
                self.add_error(f"indicator_{indicator.pk}_{name}", message)
            for dimension, message in breakdown_total_errors(
                indicator, entry, self.breakdowns
            ).items():
                groups = dict(self.indicator_rows[indicator.pk])
                self.add_error(groups[dimension][0][1], message)
        return cleaned

    def to_draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            language=data["language"],
            implementation_status=data.get("implementation_status", ""),
            narratives={name: data.get(name, "") for name in snapshot.NARRATIVE_FIELD_NAMES},
            principle_ids=[int(pk) for pk in data.get("principles", [])],
            gcm_action_ids=[int(pk) for pk in data.get("gcm_actions", [])],
            linked_strategy_action_ids=[int(pk) for pk in data.get("linked_strategy_actions", [])],
            indicator_values=[self._indicator_entry(i) for i in self.indicators],
            policy_domains=self._policy_entries(),
        )

    def _indicator_entry(self, indicator: Indicator) -> IndicatorEntry:
        prefix = f"indicator_{indicator.pk}"
        data = self.cleaned_data
        breakdown = []
        for dimension, names in self.indicator_rows[indicator.pk]:
            for code, name in names:
                value = (data.get(name) or "").strip()
                if value:
                    breakdown.append({"dimension": dimension, "category": code, "value": value})
        return IndicatorEntry(
            indicator_id=indicator.pk,
            value=data.get(f"{prefix}_value", "").strip(),
            unit=data.get(f"{prefix}_unit", "").strip(),
            reference_date=data.get(f"{prefix}_reference_date"),
            source=data.get(f"{prefix}_source", "").strip(),
            breakdown=breakdown,
            period_year=data.get(f"{prefix}_period_year"),
            period_start=data.get(f"{prefix}_period_start"),
            period_end=data.get(f"{prefix}_period_end"),
        )

    def add_service_errors(self, errors: dict) -> None:
        """Attach a service's {field: message} errors to the fields they concern."""
        for name, messages in errors.items():
            target = name if name in self.fields else None
            if name.endswith("_breakdown"):
                target = None
            for message in messages if isinstance(messages, list) else [messages]:
                self.add_error(target, message)

    def narrative_fields(self):
        return [self[name] for name in snapshot.NARRATIVE_FIELD_NAMES]

    def indicator_groups(self) -> list[dict]:
        """The indicator fields grouped per indicator, for the template: value, unit, date,
        source, and one table per breakdown dimension."""
        groups = []
        for indicator in self.indicators:
            prefix = f"indicator_{indicator.pk}"
            groups.append(
                {
                    "indicator": indicator,
                    "prefix": prefix,
                    "value": self[f"{prefix}_value"],
                    "unit": self[f"{prefix}_unit"],
                    "reference_date": self[f"{prefix}_reference_date"],
                    "source": self[f"{prefix}_source"],
                    "period_year": self[f"{prefix}_period_year"],
                    "period_start": self[f"{prefix}_period_start"],
                    "period_end": self[f"{prefix}_period_end"],
                    "adds_up": indicator.kind == Indicator.Kind.NUMBER,
                    "dimensions": [
                        {
                            "code": dimension,
                            "label": self.breakdowns.dimension_label(dimension),
                            "fields": [self[name] for _code, name in names],
                        }
                        for dimension, names in self.indicator_rows[indicator.pk]
                    ],
                }
            )
        return groups

    # --- the SDG 10.7.2 questionnaire, on its section's form only (reporting/policy_domains.py)

    def _add_policy_fields(self) -> None:
        choices = list(policy_domains.ANSWERS.items())
        for domain in self.policy_domains:
            for sub in domain.subcategories.all():
                self.fields[snapshot.policy_field_name(sub.code)] = forms.ChoiceField(
                    label=sub.title,
                    required=False,
                    choices=choices,
                    widget=forms.RadioSelect,
                )
            self.fields[f"policy_note_{domain.number}"] = forms.CharField(
                label=_("Note on this domain (optional)"),
                required=False,
                validators=[snapshot.max_chars(policy_domains.NOTE_MAX_CHARS)],
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def policy_initial(entries) -> dict:
        """The saved answers (services.policy_domains_of) as the form's initial data."""
        initial = {}
        for number, entry in (entries or {}).items():
            initial[f"policy_note_{number}"] = entry.note
            for code, answer in entry.answers.items():
                initial[snapshot.policy_field_name(code)] = answer
        return initial

    def _policy_entries(self) -> dict[int, PolicyDomainEntry] | None:
        if not self.policy_domains:
            return None
        data = self.cleaned_data
        return {
            domain.number: PolicyDomainEntry(
                answers={
                    sub.code: data.get(snapshot.policy_field_name(sub.code)) or ""
                    for sub in domain.subcategories.all()
                },
                note=(data.get(f"policy_note_{domain.number}") or "").strip(),
            )
            for domain in self.policy_domains
        }

    def policy_groups(self) -> list[dict]:
        """The questionnaire for the template: per domain its sub-category fields, its note and
        the score the saved or typed answers give."""
        groups = []
        for domain in self.policy_domains:
            fields = [
                self[snapshot.policy_field_name(sub.code)] for sub in domain.subcategories.all()
            ]
            answers = [
                (self.data.get(field.html_name) if self.is_bound else field.initial) or ""
                for field in fields
            ]
            groups.append(
                {
                    "domain": domain,
                    "fields": list(zip(domain.subcategories.all(), fields, strict=True)),
                    "note": self[f"policy_note_{domain.number}"],
                    "score": policy_domains.domain_score(answers, total=len(fields)),
                }
            )
        return groups


VALUE_HELP = {
    Indicator.Kind.NUMBER: _("A number, for example 1250 or 12.5."),
    Indicator.Kind.PERCENT: _("A percentage between 0 and 100, for example 12.5."),
}


def _value_field(kind: str, label, *, with_help: bool = True) -> forms.Field:
    """A value entered as the indicator's kind says: yes or no from a list, numbers with a
    numeric keyboard and checked as typed, text as it comes."""
    if kind == Indicator.Kind.YES_NO:
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        )
    numeric = kind in (Indicator.Kind.NUMBER, Indicator.Kind.PERCENT)
    return forms.CharField(
        label=label,
        required=False,
        max_length=100,
        help_text=VALUE_HELP.get(kind, "") if with_help else "",
        validators=[_kind_validator(kind)],
        widget=forms.TextInput(attrs={"inputmode": "decimal"} if numeric else {}),
    )


def _kind_validator(kind: str):
    def validate(value: str) -> None:
        message = validate_indicator_value(kind, value.strip())
        if message:
            raise forms.ValidationError(message)

    return validate


class DayMonthYearWidget(forms.SelectDateWidget):
    """A date as day, month and year, in that order and with the month named in the page's
    language (Iraqi month names in Arabic, gcm_portal/dates.py): never the browser's
    month/day/year."""

    def __init__(self, attrs=None):
        today = timezone.localdate()
        super().__init__(
            attrs=attrs,
            years=range(today.year + 1, 1989, -1),
            empty_label=(_("Year"), _("Month"), _("Day")),
        )

    def _parse_date_fmt(self):
        yield from ("day", "month", "year")

    def get_context(self, name, value, attrs):
        self.months = dict(enumerate(dates.month_names(translation.get_language() or "en"), 1))
        context = super().get_context(name, value, attrs)
        parts = {"_day": _("Day"), "_month": _("Month"), "_year": _("Year")}
        for subwidget in context["widget"]["subwidgets"]:
            whole = subwidget["attrs"].pop("data-label", "")
            for suffix, label in parts.items():
                if subwidget["name"].endswith(suffix):
                    subwidget["attrs"]["aria-label"] = f"{whole}: {label}" if whole else label
        return context


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[snapshot.max_chars(snapshot.REASON_MAX_CHARS)],
    )


class CommentForm(forms.Form):
    field = forms.ChoiceField(label=_("About"), choices=list(FIELD_LABELS.items()), required=False)
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[snapshot.max_chars(snapshot.COMMENT_MAX_CHARS)],
        error_messages={"required": _("Write the comment.")},
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


class QueueFilterForm(forms.Form):
    cycle = forms.ChoiceField(label=_("Cycle"), required=False)
    objective = ObjectiveChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.order_by("number"),
        required=False,
        empty_label=_("All objectives"),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name_en"),
        required=False,
        empty_label=_("All organisations"),
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(
        label=_("Government or civil society"),
        required=False,
        choices=[("", _("Both")), ("government", _("Government")), ("cso", _("Civil society"))],
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state except draft"))]
        + [c for c in Submission.State.choices if c[0] != "draft"],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("waiting", _("Waiting longest first")),
            ("-waiting", _("Newest first")),
            ("organisation", _("By organisation")),
            ("cycle", _("By cycle")),
            ("state", _("By state")),
        ],
    )

    def __init__(self, *args, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [("", _("All cycles"))] + [
            (c.code, c.title) for c in cycles
        ]


class AssignmentForm(forms.Form):
    objectives = forms.MultipleChoiceField(
        label=_("Objectives"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sections = forms.MultipleChoiceField(
        label=_("Report sections"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, objectives, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].choices = [
            (str(o.pk), f"{o.number}. {o.title}") for o in objectives
        ]
        self.fields["sections"].choices = [(str(s.pk), s.title) for s in sections]


class CompileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportEdition.Kind.choices)

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs):
        """`kinds`: the reports the cycle prepares (a regional review's contribution, or the
        IMRF's national report and voluntary review); the first is the default."""
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [
                (kind, ReportEdition.Kind(kind).label) for kind in kinds
            ]
            self.fields["kind"].initial = kinds[0]

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("both", _("English and Arabic")), ("en", "English"), ("ar", "العربية")],
        widget=forms.RadioSelect,
        initial="both",
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=ReportEdition.Mode.choices,
        widget=forms.RadioSelect,
        initial=ReportEdition.Mode.PREVIEW,
    )

    def languages(self) -> list[str]:
        chosen = self.cleaned_data["language"]
        return ["en", "ar"] if chosen == "both" else [chosen]


class ExportForm(forms.Form):
    """Which export of a cycle's approved content: the workbook or one of the CSV files."""

    what = forms.ChoiceField(
        choices=[
            ("xlsx", _("Excel workbook (.xlsx)")),
            ("submissions", _("Approved submissions (CSV)")),
            ("indicator_values", _("Approved indicator values (CSV)")),
        ]
    )


class ImportUploadForm(forms.Form):
    # An empty file reaches the import check, which says what is wrong and records it.
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        allow_empty_file=True,
        help_text=_(
            "At most 5 MB. The file is checked first: nothing is saved until you commit it."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class XliffUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Translated XLIFF file (.xlf)"),
        allow_empty_file=True,
        help_text=_(
            "The file exported here, translated in your tool. It is checked first: nothing is "
            "saved until you confirm."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlf,.xliff,.xml"}),
        error_messages={"required": _("Choose the translated XLIFF file to check.")},
    )


class ChapterForm(forms.Form):
    """The coordinator's text of a chapter: free text, or three to seven key messages."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.ChoiceField(
        label=_("Language you are writing in"),
        choices=Submission.Language.choices,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "data-cite-target": "true"}),
        help_text=_(
            "Leave a blank line between paragraphs; start a line with “- ” for a bulleted list. "
            "“Cite” beside a contribution adds a numbered source note."
        ),
    )

    def __init__(self, *args, key_messages: bool, word_limit: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_messages = key_messages
        if word_limit:
            self.fields["body"].validators.append(
                snapshot.max_chars(word_limit * snapshot.CHARACTERS_PER_WORD)
            )
            # A live count under the text (static/js/portal.js).
            self.fields["body"].widget.attrs["data-word-limit"] = word_limit
        if key_messages:
            del self.fields["body"]
            for number in range(1, 8):
                self.fields[f"message_{number}"] = forms.CharField(
                    label=_("Key message %(number)d") % {"number": number},
                    required=False,
                    max_length=600,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        follow_writing_language(
            self, ["body", *(f"message_{n}" for n in range(1, 8))], default="en"
        )

    def message_fields(self):
        return [self[name] for name in self.fields if name.startswith("message_")]

    def messages(self) -> list[str]:
        return [
            self.cleaned_data[name]
            for name in self.fields
            if name.startswith("message_") and self.cleaned_data.get(name, "").strip()
        ]


class DrafterForm(forms.Form):
    drafter = PersonChoiceField(
        label=_("Drafter"), queryset=None, required=False, empty_label=_("Only the coordinators")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafter"].queryset = members


class ValidationForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the validation"), widget=forms.DateInput(attrs={"type": "date"})
    )
    body_en = forms.CharField(label=_("Validating body (English)"), max_length=300, required=False)
    body_ar = forms.CharField(
        label=_("Validating body (Arabic)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    organisations = OrganisationsChoiceField(
        label=_("Organisations present"),
        queryset=Organisation.objects.order_by("kind", "name_en"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the organisations that took part.")},
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose…")), *Validation.Decision.choices],
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        validators=[snapshot.max_chars(snapshot.REASON_MAX_CHARS)],
    )
    minutes = forms.FileField(label=_("Minutes (PDF or Word)"), required=False)

    # The service checks all of this again; checking it here too says every problem at once,
    # rather than one round at a time.
    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The validation cannot be in the future."))
        return held_on

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes:
            try:
                check_evidence(minutes)
            except EvidenceRejected as rejection:
                raise forms.ValidationError(str(rejection.message)) from rejection
        return minutes

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body_en", "").strip() and not cleaned.get("body_ar", "").strip():
            self.add_error("body_en", _("Name the body that validated the report."))
        return cleaned


class LibraryForm(forms.Form):
    """The library's search and filters (all optional: an empty form lists everything)."""

    text = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_('Words to find, in English or Arabic; "quotes" for a phrase.'),
    )
    cycle = forms.ChoiceField(label=_("Cycle"), required=False)
    objective = ObjectiveChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.order_by("number"),
        required=False,
        empty_label=_("All objectives"),
    )
    strategy_action = forms.ChoiceField(
        label=_("Strategy action"), required=False, widget=PlainSelect
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name_en"),
        required=False,
        empty_label=_("All organisations"),
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(
        label=_("Government or civil society"),
        required=False,
        choices=[("", _("Both")), ("government", _("Government")), ("cso", _("Civil society"))],
    )

    def __init__(self, *args, cycles, strategy_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [("", _("All cycles"))] + [
            (c.code, c.title) for c in cycles
        ]
        self.fields["strategy_action"].choices = [("", _("All strategy actions"))] + [
            (code, f"{code} {title}") for code, title in strategy_actions
        ]


class PledgeForm(forms.Form):
    """The UN Network on Migration's pledge form, in its order."""

    kind = forms.ChoiceField(
        label=_("Type of pledge"), choices=[("", _("Choose…")), *Pledge.Kind.choices]
    )
    matched_pledge = forms.TypedChoiceField(
        label=_("Pledge it matches"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only for a matching pledge: the pledge of the register it matches."),
    )
    co_pledgers = OrganisationsChoiceField(
        label=_("Other pledging organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("For a common pledge or a pledge in partnership."),
    )
    form = forms.ChoiceField(
        label=_("Form of pledge"), choices=[("", _("Choose…")), *Pledge.Form.choices]
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[snapshot.max_chars(Pledge.DESCRIPTION_MAX_CHARS)],
        help_text=_("300 to 3,000 characters: what will be done, by whom, for whom."),
    )
    description_ar = forms.CharField(
        label=_("Description (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "rtl", "lang": "ar"}),
        validators=[snapshot.max_chars(Pledge.DESCRIPTION_MAX_CHARS)],
        help_text=_("300 to 3,000 characters: what will be done, by whom, for whom."),
    )
    objectives = forms.MultipleChoiceField(
        label=_("GCM objectives it advances"), widget=forms.CheckboxSelectMultiple
    )
    principles = forms.MultipleChoiceField(
        label=_("Guiding principles"), required=False, widget=forms.CheckboxSelectMultiple
    )
    gcm_actions = forms.MultipleChoiceField(
        label=_("GCM actions"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    strategy_actions = forms.MultipleChoiceField(
        label=_("Linked strategy actions"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    indicators = forms.MultipleChoiceField(
        label=_("Linked indicators"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    metric = forms.CharField(
        label=_("Metric"),
        max_length=300,
        required=False,
        help_text=_("How progress will be measured, for example: people trained."),
    )
    baseline = forms.CharField(label=_("Baseline"), max_length=100, required=False)
    target = forms.CharField(label=_("Target"), max_length=100, required=False)
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    partners = forms.CharField(
        label=_("Partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[snapshot.max_chars(3000)],
    )
    network_id = forms.CharField(
        label=_("UN Network pledge id"),
        max_length=40,
        required=False,
        help_text=_("The id the UN Network on Migration gave the pledge, when known."),
    )

    def __init__(self, *args, pledge_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge_id = pledge_id
        self.fields["matched_pledge"].choices = [("", _("None"))] + [
            (p.pk, f"{p.reference} {p.title}")
            for p in Pledge.objects.filter(approved_content__isnull=False).exclude(pk=pledge_id)
        ]
        self.fields["co_pledgers"].queryset = Organisation.objects.order_by("name_en")
        self.fields["objectives"].choices = [
            (str(o.pk), f"{o.number}. {o.title}") for o in Objective.objects.order_by("number")
        ]
        self.fields["principles"].choices = [
            (str(p.pk), p.title) for p in Principle.objects.order_by("letter")
        ]
        self.fields["gcm_actions"].choices = [
            (str(a.pk), f"{isolate(a.code)} {a.described}")
            for a in Action.objects.select_related("objective").order_by(
                "objective__number", "letter"
            )
        ]
        self.fields["strategy_actions"].choices = [
            (str(a.pk), f"{isolate(a.code)} {a.title}")
            for a in StrategyAction.objects.order_by("code")
        ]
        self.fields["indicators"].choices = [
            (str(i.pk), f"{isolate(i.code)} {i.name}") for i in Indicator.objects.order_by("code")
        ]

    @classmethod
    def initial_for(cls, pledge: Pledge) -> dict:
        initial = {name: getattr(pledge, name) for name in pledge_services.SCALARS}
        initial["matched_pledge"] = pledge.matched_pledge_id
        for relation in pledge_services.RELATIONS:
            initial[relation] = [
                str(pk) for pk in getattr(pledge, relation).values_list("pk", flat=True)
            ]
        initial["co_pledgers"] = list(pledge.co_pledgers.all())
        return initial

    def to_data(self) -> "pledge_services.PledgeData":
        data = self.cleaned_data
        scalars = {
            name: data.get(name[: -len("_id")] if name == "matched_pledge_id" else name)
            for name in pledge_services.SCALARS
        }
        # A field that did not validate counts as empty (its own error is already said).
        texts = {n: "" for n, v in scalars.items() if v is None and n not in ("deadline",)}
        return pledge_services.PledgeData(
            **{**scalars, **texts, "matched_pledge_id": scalars["matched_pledge_id"]},
            co_pledger_ids=[o.pk for o in data.get("co_pledgers") or []],
            **{
                ids: [int(pk) for pk in data.get(relation) or []]
                for relation, (ids, _model) in pledge_services.RELATIONS.items()
                if relation != "co_pledgers"
            },
        )

    def clean(self):
        """Say every problem at once: the register's rules as well as the fields' own."""
        cleaned = super().clean()
        problems = pledge_services.pledge_errors(self.to_data(), pledge_id=self.pledge_id)
        for name, problem in problems.items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, problem)
        return cleaned

    def add_service_errors(self, errors: dict) -> None:
        for name, problems in errors.items():
            for problem in problems if isinstance(problems, list) else [problems]:
                self.add_error(name if name in self.fields else None, problem)


class PledgeUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where the pledge stands"),
        choices=[("", _("Choose…")), *PledgeUpdate.Status.choices],
        required=False,
    )
    narrative_en = forms.CharField(
        label=_("What was done (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[snapshot.max_chars(PledgeUpdate.NARRATIVE_MAX_CHARS)],
    )
    narrative_ar = forms.CharField(
        label=_("What was done (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "rtl", "lang": "ar"}),
        validators=[snapshot.max_chars(PledgeUpdate.NARRATIVE_MAX_CHARS)],
    )
