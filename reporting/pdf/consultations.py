"""The consultations the methodology chapter prints, as plain data in the report's language:
a table of the consultations, participation by stakeholder type and sex (the numbers, and the
geometry of a horizontal stacked bar chart drawn as SVG by the template), whether the
Kurdistan Region and parliament took part, and how the input was used."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reporting.models import Consultation
from reporting.pdf.formats import format_date, format_date_range, format_number
from reporting.selectors.consultations import participation, participation_totals

# The chart's bar area, in SVG units, and the colours of its segments (women, men, not stated).
CHART_WIDTH = 300
SEGMENT_COLOURS = {"women": "#8c4a9e", "men": "#1f6fb2", "not_stated": "#a7b1bd"}


@dataclass
class Segment:
    sex: str
    label: str
    count: int
    x: float
    width: float
    colour: str


@dataclass
class ParticipationLine:
    label: str
    women: str
    men: str
    not_stated: str
    total: str
    segments: list[Segment]
    description: str  # the bar in words, for the SVG's title


@dataclass
class ConsultationLine:
    title: str
    language: str
    direction: str
    dates: str
    format: str
    place: str
    organiser: str
    participants: str
    covered: str
    how_used: str
    changed: list[str]


@dataclass
class ConsultationSection:
    lines: list[ConsultationLine] = field(default_factory=list)
    participation: list[ParticipationLine] = field(default_factory=list)
    totals: ParticipationLine | None = None
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)
    kurdistan_region: str = ""
    parliament: str = ""
    working_note: str = ""  # the Arabic names of stakeholder types are working translations

    @property
    def uses(self) -> list[ConsultationLine]:
        """The consultations that say how their input was used, or what it changed."""
        return [line for line in self.lines if line.how_used or line.changed]


def sex_labels() -> dict[str, str]:
    return {"women": _("Women"), "men": _("Men"), "not_stated": _("Not stated")}


def consultation_section(consultations: list[Consultation], language: str) -> ConsultationSection:
    """What the methodology prints of the cycle's consultations (call it in the report's
    language)."""
    if not consultations:
        return ConsultationSection()
    separator = pgettext("list separator", ", ")
    labels = sex_labels()
    rows = participation(consultations)
    widest = max((row.total for row in rows), default=0) or 1

    def number(value: int) -> str:
        return format_number(value, language)

    lines = []
    for consultation in consultations:
        total = sum(p.total for p in consultation.participants.all())
        lines.append(
            ConsultationLine(
                title=consultation.title,
                language=consultation.language,
                direction="rtl" if consultation.language == "ar" else "ltr",
                dates=(
                    format_date_range(consultation.starts_on, consultation.ends_on, language)
                    if consultation.ends_on and consultation.ends_on != consultation.starts_on
                    else format_date(consultation.starts_on, language)
                ),
                format=str(consultation.get_format_display()),
                place=consultation.place,
                organiser=consultation.organiser_label,
                participants=number(total),
                covered=_covered(consultation, separator),
                how_used=consultation.how_input_was_used,
                changed=_changed(consultation),
            )
        )
    lines_of_participation = []
    for row in rows:
        x, segments = 0.0, []
        for sex in ("women", "men", "not_stated"):
            count = getattr(row, sex)
            width = round(CHART_WIDTH * count / widest, 2)
            if count:
                segments.append(
                    Segment(sex, labels[sex], count, round(x, 2), width, SEGMENT_COLOURS[sex])
                )
            x += width
        lines_of_participation.append(
            ParticipationLine(
                label=row.label,
                women=number(row.women),
                men=number(row.men),
                not_stated=number(row.not_stated),
                total=number(row.total),
                segments=segments,
                description=_("%(group)s: %(women)s women, %(men)s men, %(not_stated)s not stated")
                % {
                    "group": row.label,
                    "women": number(row.women),
                    "men": number(row.men),
                    "not_stated": number(row.not_stated),
                },
            )
        )
    totals = participation_totals(rows)
    working = any(
        row.stakeholder_type is not None and row.stakeholder_type.shows_working_translation
        for row in rows
    )
    return ConsultationSection(
        working_note=_(
            "The Arabic names of the stakeholder types in this report are working "
            "translations; the official Arabic text of resolution 73/195 prevails."
        )
        if working
        else "",
        lines=lines,
        participation=lines_of_participation,
        totals=ParticipationLine(
            label=_("Total"),
            women=number(totals.women),
            men=number(totals.men),
            not_stated=number(totals.not_stated),
            total=number(totals.total),
            segments=[],
            description="",
        ),
        legend=[(SEGMENT_COLOURS[sex], label) for sex, label in labels.items()],
        kurdistan_region=_took_part(
            [c for c in consultations if c.kurdistan_region_took_part],
            len(consultations),
            _(
                "Kurdistan Region institutions took part in %(count)s of %(total)s "
                "consultations: %(which)s."
            ),
            _("Kurdistan Region institutions did not take part in the consultations."),
            separator,
        ),
        parliament=_took_part(
            [c for c in consultations if c.parliament_took_part],
            len(consultations),
            _("Parliament took part in %(count)s of %(total)s consultations: %(which)s."),
            _("Parliament did not take part in the consultations."),
            separator,
        ),
    )


def _covered(consultation: Consultation, separator: str) -> str:
    parts = []
    numbers = sorted(o.number for o in consultation.objectives.all())
    if len(numbers) == 23:
        parts.append(_("All 23 GCM objectives"))
    elif numbers:
        parts.append(
            _("GCM objectives %(numbers)s")
            % {"numbers": separator.join(str(number) for number in numbers)}
        )
    chapters = sorted(consultation.chapters.all(), key=lambda c: (c.layout_id, c.position))
    parts.extend(chapter.title for chapter in chapters)
    return pgettext("list separator between longer items", "; ").join(parts)


def _changed(consultation: Consultation) -> list[str]:
    changed = [
        _("Contribution of %(organisation)s on %(subject)s")
        % {"organisation": s.organisation.name, "subject": _submission_subject(s)}
        for s in sorted(consultation.changed_submissions.all(), key=lambda s: s.pk)
    ]
    changed += [
        _("Chapter: %(title)s") % {"title": chapter.title}
        for chapter in sorted(consultation.changed_chapters.all(), key=lambda c: c.pk)
    ]
    return changed


def _submission_subject(submission) -> str:
    if submission.objective_id:
        return _("Objective %(code)s") % {"code": submission.objective.number}
    if submission.strategy_action_id:
        return _("Strategy action %(code)s: %(title)s") % {
            "code": submission.strategy_action.code,
            "title": submission.strategy_action.title,
        }
    return submission.section.title


def _took_part(took_part, total: int, some: str, none: str, separator: str) -> str:
    if not took_part:
        return none
    return some % {
        "count": len(took_part),
        "total": total,
        "which": separator.join(f"\u2068{c.title}\u2069" for c in took_part),
    }
