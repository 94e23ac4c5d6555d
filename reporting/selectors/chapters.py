"""Reads of the coordinator's chapters: the writing plan of a cycle's report, each chapter
with the approved contributions it may cite, and who may read which."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from gcm_portal.accounts.models import User
from objectives.models import Objective
from reporting import access, snapshot
from reporting.models import (
    Chapter,
    ChapterEvent,
    ChapterRevision,
    LayoutChapter,
    ReportLayout,
    ReviewCycle,
    Revision,
    Submission,
)
from reporting.selectors.submissions import latest_approved_revisions


@dataclass
class ChapterRow:
    """One piece of writing in the plan: a chapter, or one objective's synthesis."""

    layout_chapter: LayoutChapter
    objective: Objective | None
    chapter: Chapter | None
    contributions: int  # approved contributions it draws on

    @property
    def state(self) -> str:
        return self.chapter.state if self.chapter else "not_started"

    @property
    def title(self) -> str:
        if self.objective:
            return f"{self.objective.number}. {self.objective.title}"
        return self.layout_chapter.title


@dataclass
class Writing:
    layout: ReportLayout
    rows: list[ChapterRow]

    @property
    def approved(self) -> int:
        return sum(1 for row in self.rows if row.state == Submission.State.APPROVED)


def layout_get(*, kind: str) -> ReportLayout:
    layout = (
        ReportLayout.objects.filter(kind=kind)
        .prefetch_related(
            Prefetch(
                "chapters",
                queryset=LayoutChapter.objects.select_related("section").order_by("position"),
            )
        )
        .first()
    )
    if layout is None:
        raise Http404
    return layout


def objectives_with_contributions(revisions: list[Revision]) -> dict[int, int]:
    """{objective number: approved contributions on it} (objectives and the strategy actions
    that serve them, as frozen in the revisions)."""
    counts: dict[int, int] = {}
    for revision in revisions:
        submission = revision.submission
        if submission.objective_id:
            numbers = [submission.objective.number]
        elif submission.strategy_action_id:
            frozen = snapshot.load(revision.content).subject
            numbers = list(frozen.objectives) if frozen else []
        else:
            numbers = []
        for number in numbers:
            counts[number] = counts.get(number, 0) + 1
    return counts


def report_writing(*, cycle: ReviewCycle, kind: str) -> Writing:
    """What the coordinator writes for the cycle's report of this kind: every written chapter
    of the layout, and a synthesis for each objective with approved contributions (or one
    already started)."""
    layout = layout_get(kind=kind)
    revisions = latest_approved_revisions(cycle=cycle)
    per_objective = objectives_with_contributions(revisions)
    per_section: dict[int, int] = {}
    for revision in revisions:
        if revision.submission.section_id:
            section_id = revision.submission.section_id
            per_section[section_id] = per_section.get(section_id, 0) + 1
    chapters = {
        (chapter.layout_chapter_id, chapter.objective_id): chapter
        for chapter in Chapter.objects.filter(
            cycle=cycle, layout_chapter__layout=layout
        ).select_related("drafter", "objective")
    }
    objectives = list(Objective.objects.order_by("number"))
    rows = []
    for layout_chapter in layout.chapters.all():
        if not layout_chapter.is_written:
            continue
        if layout_chapter.kind != LayoutChapter.Kind.OBJECTIVES:
            rows.append(
                ChapterRow(
                    layout_chapter,
                    None,
                    chapters.get((layout_chapter.pk, None)),
                    per_section.get(layout_chapter.section_id, 0),
                )
            )
            continue
        for objective in objectives:
            chapter = chapters.get((layout_chapter.pk, objective.pk))
            count = per_objective.get(objective.number, 0)
            if count or chapter:
                rows.append(ChapterRow(layout_chapter, objective, chapter, count))
    return Writing(layout=layout, rows=rows)


def chapter_list_drafted_by(*, user: User) -> list[Chapter]:
    """The chapters the user was named to draft that are not approved yet."""
    return list(
        Chapter.objects.filter(drafter=user)
        .exclude(state=Chapter.State.APPROVED)
        .select_related("cycle", "layout_chapter", "objective")
        .order_by("cycle__year", "cycle__code", "layout_chapter__position", "objective__number")
    )


def chapter_get_for_user(*, user: User, chapter_id: int) -> Chapter:
    """A chapter, to its writers and (once submitted) the review side; Http404 otherwise."""
    chapter = (
        Chapter.objects.select_related(
            "cycle", "layout_chapter__layout", "layout_chapter__section", "objective", "drafter"
        )
        .filter(pk=chapter_id)
        .first()
    )
    if chapter is None or not access.may_read_chapter(user=user, chapter=chapter):
        raise Http404
    return chapter


def chapter_contributions(*, chapter: Chapter) -> list[Revision]:
    """The approved contributions the chapter draws on, to cite: on its objective (and the
    strategy actions serving it), on its report section, or, for chapters about the whole
    report, all of the cycle's."""
    revisions = latest_approved_revisions(cycle=chapter.cycle)
    if chapter.objective_id:
        number = chapter.objective.number
        chosen = []
        for revision in revisions:
            submission = revision.submission
            if submission.objective_id == chapter.objective_id:
                chosen.append(revision)
            elif submission.strategy_action_id:
                frozen = snapshot.load(revision.content).subject
                if frozen and number in frozen.objectives:
                    chosen.append(revision)
        return chosen
    if chapter.layout_chapter.section_id:
        section_revisions = [
            r for r in revisions if r.submission.section_id == chapter.layout_chapter.section_id
        ]
        if section_revisions:
            return section_revisions
    return revisions


def chapters_awaiting_review() -> list[Chapter]:
    """Chapters submitted and waiting for a reviewer, oldest first."""
    return list(
        Chapter.objects.filter(state=Submission.State.SUBMITTED)
        .select_related("cycle", "layout_chapter", "objective", "organisation")
        .order_by("submitted_at", "pk")
    )


def chapter_events(*, chapter: Chapter) -> list[ChapterEvent]:
    return list(chapter.events.select_related("actor", "revision").order_by("created_at", "pk"))


def chapter_revisions(*, chapter: Chapter) -> list[ChapterRevision]:
    return list(chapter.revisions.order_by("number"))
