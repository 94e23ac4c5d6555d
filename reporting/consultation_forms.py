"""The form that records a consultation: its facts, what it covered, a participants grid (one
row per stakeholder type, columns women / men / not stated), one file received in it, and
what it changed. It parses and checks what was typed; the service applies the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gcm_portal.accounts.models import Organisation
from objectives.models import Objective
from reporting import snapshot
from reporting.evidence import EvidenceRejected, check_evidence
from reporting.forms import isolate
from reporting.models import Chapter, Consultation, Submission
from reporting.selectors.consultations import ParticipationRow
from reporting.services.consultations import (
    MAX_PARTICIPANTS,
    REPORT_KINDS,
    SEXES,
    ConsultationData,
    ParticipantCount,
    layout_chapters_of,
)


class _Objectives(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number}. {obj.short_label or obj.title}"


class _LayoutChapters(forms.ModelMultipleChoiceField):
    # Set when the cycle prepares more than one report: the report is named beside the title.
    name_the_report = False

    def label_from_instance(self, obj) -> str:
        if self.name_the_report:
            return f"{obj.title} ({obj.layout.get_kind_display()})"
        return obj.title


class _Submissions(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        if obj.objective_id:
            subject = _("Objective %(code)s") % {"code": isolate(str(obj.objective.number))}
        elif obj.strategy_action_id:
            subject = _("Strategy action %(code)s: %(title)s") % {
                "code": isolate(obj.strategy_action.code),
                "title": obj.strategy_action.title,
            }
        else:
            subject = obj.section.title
        return f"{obj.organisation.name} · {subject}"


class _Chapters(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class _Organisation(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language you are writing in"),
        choices=Submission.Language.choices,
        widget=forms.RadioSelect,
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        help_text=_("Leave empty for a consultation held on one day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=Consultation.Format.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Needed for a consultation held in person."),
    )
    organiser = _Organisation(
        label=_("Organiser"),
        queryset=Organisation.objects.order_by("kind", "name_en"),
        required=False,
        empty_label=_("Not in the list"),
    )
    organiser_name = forms.CharField(
        label=_("Organiser, if not in the list"), max_length=200, required=False
    )
    objectives = _Objectives(
        label=_("GCM objectives covered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    chapters = _LayoutChapters(
        label=_("Report chapters covered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kurdistan_region_took_part = forms.BooleanField(
        label=_("Kurdistan Region institutions took part"), required=False
    )
    parliament_took_part = forms.BooleanField(label=_("Parliament took part"), required=False)
    how_input_was_used = forms.CharField(
        label=_("How the input was used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        validators=[snapshot.max_chars(snapshot.REASON_MAX_CHARS)],
    )
    changed_submissions = _Submissions(
        label=_("Contributions changed as a result"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    changed_chapters = _Chapters(
        label=_("Chapters changed as a result"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    input_file = forms.FileField(
        label=_("Add an input received (PDF, Word, Excel, OpenDocument, PNG or JPEG)"),
        required=False,
    )

    def __init__(self, *args, cycle, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.fields["objectives"].queryset = Objective.objects.order_by("number")
        self.fields["chapters"].queryset = (
            layout_chapters_of(cycle).select_related("layout").order_by("layout", "position")
        )
        self.fields["chapters"].name_the_report = len(REPORT_KINDS.get(cycle.kind, [])) > 1
        self.fields["changed_submissions"].queryset = (
            Submission.objects.filter(cycle=cycle)
            .exclude(state=Submission.State.DRAFT, revisions__isnull=True)
            .select_related("organisation", "objective", "strategy_action", "section")
            .distinct()
            .order_by("organisation__name_en", "pk")
        )
        self.fields["changed_chapters"].queryset = Chapter.objects.filter(
            cycle=cycle
        ).select_related("layout_chapter", "objective")
        for group in groups:
            for sex in SEXES:
                self.fields[self.cell_name(group, sex)] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=MAX_PARTICIPANTS,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                    error_messages={
                        "invalid": _("Participant numbers are whole numbers, 0 or more."),
                        "min_value": _("Participant numbers are whole numbers, 0 or more."),
                    },
                )

    @staticmethod
    def cell_name(group, sex: str) -> str:
        return f"participants-{group.pk if group else 'government'}-{sex}"

    @classmethod
    def initial_for(cls, consultation: Consultation) -> dict:
        initial = {
            "title": consultation.title,
            "language": consultation.language,
            "starts_on": consultation.starts_on,
            "ends_on": consultation.ends_on,
            "format": consultation.format,
            "place": consultation.place,
            "organiser": consultation.organiser_id,
            "organiser_name": consultation.organiser_name,
            "objectives": [o.pk for o in consultation.objectives.all()],
            "chapters": [c.pk for c in consultation.chapters.all()],
            "kurdistan_region_took_part": consultation.kurdistan_region_took_part,
            "parliament_took_part": consultation.parliament_took_part,
            "how_input_was_used": consultation.how_input_was_used,
            "changed_submissions": [s.pk for s in consultation.changed_submissions.all()],
            "changed_chapters": [c.pk for c in consultation.changed_chapters.all()],
        }
        for counted in consultation.participants.all():
            key = counted.stakeholder_type_id or "government"
            for sex in SEXES:
                initial[f"participants-{key}-{sex}"] = getattr(counted, sex)
        return initial

    def clean_input_file(self):
        upload = self.cleaned_data.get("input_file")
        if upload:
            try:
                check_evidence(upload)
            except EvidenceRejected as rejection:
                raise forms.ValidationError(str(rejection.message)) from rejection
        return upload

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The consultation cannot end before it starts."))
        if cleaned.get("format") == Consultation.Format.IN_PERSON and not (
            cleaned.get("place", "").strip()
        ):
            self.add_error("place", _("Say where the consultation was held."))
        if not cleaned.get("organiser") and not cleaned.get("organiser_name", "").strip():
            self.add_error("organiser", _("Choose the organiser from the list, or name it."))
        return cleaned

    # --- what the page shows and the service takes ---------------------------------------

    def grid(self) -> list[dict]:
        """The participants grid: a row per group with its three cells (bound fields) and the
        row total of what was typed; the column totals are in `grid_totals`."""
        rows = []
        for group in self.groups:
            cells = [self[self.cell_name(group, sex)] for sex in SEXES]
            counts = [_typed_number(cell) for cell in cells]
            rows.append(
                {
                    "label": ParticipationRow(group).label,
                    "key": group.pk if group else "government",
                    "cells": cells,
                    "total": sum(counts),
                    "counts": counts,
                }
            )
        return rows

    def grid_totals(self) -> list[int]:
        rows = self.grid()
        columns = [sum(row["counts"][i] for row in rows) for i in range(len(SEXES))]
        return [*columns, sum(columns)]

    def grid_errors(self) -> list[str]:
        errors = []
        for group in self.groups:
            for sex in SEXES:
                for error in self.errors.get(self.cell_name(group, sex), []):
                    if error not in errors:
                        errors.append(error)
        return errors

    def data_for_service(self) -> ConsultationData:
        data = self.cleaned_data
        return ConsultationData(
            title=data["title"],
            language=data["language"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            format=data["format"],
            place=data.get("place", ""),
            organiser_id=data["organiser"].pk if data.get("organiser") else None,
            organiser_name=data.get("organiser_name", ""),
            objective_ids=[o.pk for o in data["objectives"]],
            chapter_ids=[c.pk for c in data["chapters"]],
            participants=[
                ParticipantCount(
                    group.pk if group else None,
                    *(data.get(self.cell_name(group, sex)) or 0 for sex in SEXES),
                )
                for group in self.groups
            ],
            kurdistan_region_took_part=data["kurdistan_region_took_part"],
            parliament_took_part=data["parliament_took_part"],
            how_input_was_used=data.get("how_input_was_used", ""),
            changed_submission_ids=[s.pk for s in data["changed_submissions"]],
            changed_chapter_ids=[c.pk for c in data["changed_chapters"]],
        )


def _typed_number(cell) -> int:
    value = cell.value()
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number <= MAX_PARTICIPANTS else 0
