"""The pledges a report prints, as plain data: those made at this review, the follow-up of
those made before, and the annex. Everything comes from the pledges and updates as approved
(`approved_content`), in the report's language where the pledge has a text in it."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reporting.models import Pledge, PledgeUpdate
from reporting.pdf.formats import format_date

STATUS_ORDER = [value for value, _label in PledgeUpdate.Status.choices]


@dataclass
class PrintedText:
    text: str
    language: str
    note: str = ""  # in the report's language, when the text is printed in the other one

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


@dataclass
class PledgeEntry:
    reference: str
    title: PrintedText
    description: PrintedText
    organisations: str
    kind_label: str
    form_label: str
    matched: str
    objectives: list[int]
    metric: str
    baseline: str
    target: str
    deadline: str
    partners: str
    network_id: str
    made_at: str
    is_sample: bool
    status: str = ""  # of the approved update for this review; "" when there is none
    status_label: str = ""
    update: PrintedText | None = None
    evidence_count: int = 0

    @property
    def facts(self) -> list[tuple[str, str, str]]:
        """(label, value, direction) of how the pledge is measured."""
        return [
            (label, value, direction_of(value))
            for label, value in [
                (_("Metric"), self.metric),
                (_("Baseline"), self.baseline),
                (_("Target"), self.target),
            ]
        ]


@dataclass
class PledgeSection:
    made_here: list[PledgeEntry] = field(default_factory=list)
    followed_up: list[PledgeEntry] = field(default_factory=list)
    status_counts: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    not_updated: int = 0

    @property
    def all(self) -> list[PledgeEntry]:
        return self.made_here + self.followed_up


ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def direction_of(text: str) -> str:
    """Right to left for text with Arabic letters; left to right for the rest (figures,
    dates and English read left to right whatever the page's direction)."""
    return "rtl" if ARABIC_LETTER.search(text or "") else "ltr"


def printed(texts: dict, language: str) -> PrintedText:
    """The text in the report's language, or the other one with a note saying so."""
    if texts.get(language):
        return PrintedText(texts[language], language)
    other = "ar" if language == "en" else "en"
    if not texts.get(other):
        return PrintedText("", language)
    note = _("Available in Arabic only.") if other == "ar" else _("Available in English only.")
    return PrintedText(texts[other], other, note)


def _name(names: dict, language: str) -> str:
    return names.get(language) or names.get("en") or names.get("ar") or ""


def pledge_section(*, cycle, pledges: list[Pledge], updates: dict, language: str) -> PledgeSection:
    """The pledges made at `cycle` and the follow-up, at `cycle`, of those made before it."""
    kinds, forms = dict(Pledge.Kind.choices), dict(Pledge.Form.choices)
    statuses = dict(PledgeUpdate.Status.choices)
    cycle_titles = {}
    section = PledgeSection()
    separator = pgettext("list separator", ", ")
    for pledge in pledges:
        content = pledge.approved_content
        update = updates.get(pledge.pk)
        made_at = cycle_titles.setdefault(pledge.cycle_id, pledge.cycle.title)
        entry = PledgeEntry(
            reference=content["reference"],
            title=printed(content["title"], language),
            description=printed(content["description"], language),
            organisations=separator.join(
                _name(names, language)
                for names in [content["organisation"], *content["co_pledgers"]]
            ),
            kind_label=str(kinds.get(content["kind"], "")),
            form_label=str(forms.get(content["form"], "")),
            matched=content["matched"],
            objectives=content["objectives"],
            metric=content["metric"],
            baseline=content["baseline"],
            target=content["target"],
            deadline=(
                format_date(datetime.date.fromisoformat(content["deadline"]), language)
                if content["deadline"]
                else ""
            ),
            partners=content["partners"],
            network_id=content["network_id"],
            made_at=made_at,
            is_sample=pledge.is_sample,
        )
        if update is not None:
            frozen = update.approved_content
            entry.status = frozen["status"]
            entry.status_label = str(statuses.get(frozen["status"], ""))
            entry.update = printed(frozen["narrative"], language)
            entry.evidence_count = len(frozen["evidence"])
        if pledge.cycle_id == cycle.pk:
            section.made_here.append(entry)
        else:
            section.followed_up.append(entry)
    counted = [entry.status for entry in section.followed_up if entry.status]
    section.status_counts = [
        (str(statuses[status]), counted.count(status))
        for status in STATUS_ORDER
        if counted.count(status)
    ]
    section.not_updated = sum(1 for entry in section.followed_up if not entry.status)
    return section
