"""Reads of compiled reports: what a cycle's report is made of and what stands between it and
a final edition; who may see and download which edition."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from gcm_portal.accounts.models import User
from reporting import access
from reporting.models import (
    ChapterRevision,
    Consultation,
    Exclusion,
    Pledge,
    PledgeUpdate,
    ReportEdition,
    ReportLayout,
    ReviewCycle,
    Revision,
    Submission,
    Validation,
)
from reporting.selectors.chapters import Writing, report_writing
from reporting.selectors.consultations import consultations_fingerprint, consultations_of
from reporting.selectors.pledges import pledges_for_report, pledges_unsettled
from reporting.selectors.submissions import latest_approved_revisions
from reporting.selectors.translations import Coverage, Needs, translation_needs

State = Submission.State


@dataclass
class ReportContents:
    """Everything a cycle's report of one kind is made of, and what would block a final."""

    cycle: ReviewCycle
    kind: str
    layout: ReportLayout
    writing: Writing
    revisions: list[Revision]  # the latest approved revision of each submission not excluded
    exclusions: list[Exclusion]
    # (layout chapter id, objective id or None) -> the chapter's latest approved revision
    chapters: dict[tuple[int, int | None], ChapterRevision]
    validation: Validation | None  # the latest record that validated the report
    # The approved pledges made at this review or before, and their updates for this review
    pledges: list[Pledge] = field(default_factory=list)
    pledge_updates: dict[int, PledgeUpdate] = field(default_factory=dict)
    blockers: list[str] = field(default_factory=list)
    _needs: dict = field(default_factory=dict, repr=False)
    _consultations: list[Consultation] | None = field(default=None, repr=False)

    @property
    def consultations(self) -> list[Consultation]:
        """The cycle's consultations (the methodology prints them), read when first asked."""
        if self._consultations is None:
            self._consultations = list(consultations_of(cycle=self.cycle))
        return self._consultations

    def translations(self, language: str) -> Needs:
        """What the edition in `language` prints that was written in the other language."""
        if language not in self._needs:
            self._needs[language] = translation_needs(contents=self, language=language)
        return self._needs[language]

    def blockers_for(self, language: str) -> list[str]:
        """What keeps the edition in `language` from being final: the report's blockers, and
        texts without a reviewed translation into that language (nor a waiver)."""
        coverage = self.translations(language).coverage
        if coverage.complete:
            return list(self.blockers)
        return [*self.blockers, translation_blocker(coverage)]

    def content_key(self, language: str) -> str:
        """Two finals with the same key would be the same document."""
        layout = [
            [c.code, c.kind, c.title_en, c.title_ar, c.section_id, c.position, c.word_limit]
            for c in self.layout.chapters.all()
        ]
        made_of = {
            "kind": self.kind,
            "language": language,
            "cycle": self.cycle.code,
            "layout": [self.layout.title_en, self.layout.title_ar, layout],
            "revisions": sorted(revision.pk for revision in self.revisions),
            "chapters": sorted(revision.pk for revision in self.chapters.values()),
            "validation": self.validation.pk if self.validation else None,
            "translations": sorted(
                [t.pk, t.version] for t in self.translations(language).usable.values()
            ),
            "untranslated": sorted(self.translations(language).waived),
        }
        if self.pledges:  # keys of reports without pledges stay as they were
            made_of["pledges"] = [[p.pk, p.approved_at.isoformat()] for p in self.pledges]
            made_of["pledge_updates"] = sorted(
                [u.pk, u.approved_at.isoformat()] for u in self.pledge_updates.values()
            )
        if self.consultations:  # keys of reports without consultations stay as they were
            made_of["consultations"] = consultations_fingerprint(self.consultations)
        return hashlib.sha256(json.dumps(made_of, sort_keys=True).encode()).hexdigest()


def _edition_names() -> dict[str, str]:
    return {"en": _("English edition"), "ar": _("Arabic edition")}


def translation_coverage(contents: ReportContents) -> list[tuple[str, Coverage]]:
    """How far each edition's translation has come: [(its name, its coverage)]."""
    return [
        (name, contents.translations(language).coverage)
        for language, name in _edition_names().items()
    ]


def translation_blocker(coverage: Coverage) -> str:
    """One sentence on what an edition still needs translated."""
    done_contributions, contributions = coverage.contributions
    done_chapters, chapters = coverage.chapters
    return _(
        "%(edition)s: %(contributions)d of %(total_contributions)d contributions and "
        "%(chapters)d of %(total_chapters)d chapters have a reviewed translation; translate "
        "the others, or let the coordinator print them untranslated."
    ) % {
        "edition": _edition_names()[coverage.language],
        "contributions": done_contributions,
        "total_contributions": contributions,
        "chapters": done_chapters,
        "total_chapters": chapters,
    }


def report_contents(*, cycle: ReviewCycle, kind: str) -> ReportContents:
    """What the report would be made of now, and why it could not be final (if it could not):
    the cycle must be closed, nothing awaiting review or reopened unless the coordinator
    excluded it, every chapter approved, no citation of work left out, and a validation."""
    writing = report_writing(cycle=cycle, kind=kind)
    exclusions = list(
        Exclusion.objects.filter(submission__cycle=cycle).select_related(
            "submission__organisation",
            "submission__objective",
            "submission__strategy_action",
            "submission__section",
            "excluded_by",
        )
    )
    excluded = {exclusion.submission_id for exclusion in exclusions}
    revisions = [
        r for r in latest_approved_revisions(cycle=cycle) if r.submission_id not in excluded
    ]
    latest_approved = {}
    for revision in (
        ChapterRevision.objects.filter(
            chapter__cycle=cycle,
            chapter__layout_chapter__layout=writing.layout,
            approved_at__isnull=False,
        )
        .select_related("chapter__layout_chapter", "chapter__objective")
        .order_by("number")
    ):
        latest_approved[(revision.chapter.layout_chapter_id, revision.chapter.objective_id)] = (
            revision
        )
    validation = (
        Validation.objects.filter(cycle=cycle, kind=kind, decision__in=Validation.VALIDATING)
        .order_by("-held_on", "-pk")
        .first()
    )
    pledges, pledge_updates = pledges_for_report(cycle=cycle)
    contents = ReportContents(
        cycle=cycle,
        kind=kind,
        layout=writing.layout,
        writing=writing,
        revisions=revisions,
        exclusions=exclusions,
        chapters=latest_approved,
        validation=validation,
        pledges=pledges,
        pledge_updates=pledge_updates,
    )
    contents.blockers = _blockers(contents, excluded)
    return contents


def _blockers(contents: ReportContents, excluded: set[int]) -> list[str]:
    cycle, blockers = contents.cycle, []
    if cycle.state != cycle.State.CLOSED:
        blockers.append(_("The cycle is still open for submissions: close it first."))
    was_approved = Revision.objects.filter(submission=OuterRef("pk"), approved_at__isnull=False)
    unsettled = (
        Submission.objects.filter(cycle=cycle)
        .exclude(pk__in=excluded)
        .annotate(was_approved=Exists(was_approved))
        .select_related("organisation")
    )
    awaiting = list(unsettled.filter(state=State.SUBMITTED))
    reopened = [
        s for s in unsettled.filter(state__in=[State.RETURNED, State.DRAFT]) if s.was_approved
    ]
    if awaiting:
        blockers.append(
            ngettext(
                "%(count)d submission is awaiting review (%(which)s): decide on it, or leave it "
                "out with a reason.",
                "%(count)d submissions are awaiting review (%(which)s): decide on them, or leave "
                "them out with a reason.",
                len(awaiting),
            )
            % {"count": len(awaiting), "which": _names(awaiting)}
        )
    if reopened:
        blockers.append(
            ngettext(
                "%(count)d approved submission was reopened (%(which)s): approve it again, or "
                "leave it out with a reason.",
                "%(count)d approved submissions were reopened (%(which)s): approve them again, "
                "or leave them out with a reason.",
                len(reopened),
            )
            % {"count": len(reopened), "which": _names(reopened)}
        )
    unapproved = [
        _("synthesis of objective %(number)d") % {"number": row.objective.number}
        if row.objective
        else row.layout_chapter.title
        for row in contents.writing.rows
        # A reopened chapter waits like reopened work: its last approved text may be outdated.
        if row.chapter is None
        or row.chapter.state != State.APPROVED
        or (row.layout_chapter.pk, row.objective.pk if row.objective else None)
        not in contents.chapters
    ]
    if unapproved:
        blockers.append(
            _("Not approved yet: %(chapters)s.")
            % {"chapters": pgettext("list separator between longer items", "; ").join(unapproved)}
        )
    included = {revision.submission_id for revision in contents.revisions}
    cited_elsewhere = sorted(
        {
            submission_id
            for revision in contents.chapters.values()
            for submission_id in revision.content.get("citations", [])
            if submission_id not in included
        }
    )
    if cited_elsewhere:
        blockers.append(
            _("Chapters cite contributions that are not in the report: %(ids)s.")
            % {"ids": ", ".join(f"[cite:{pk}]" for pk in cited_elsewhere)}
        )
    unsettled_pledges = pledges_unsettled(cycle=cycle)
    if unsettled_pledges:
        blockers.append(
            _(
                "Pledges or pledge updates wait for review or were reopened (%(which)s): decide "
                "on them first."
            )
            % {"which": ", ".join(unsettled_pledges)}
        )
    if contents.validation is None:
        blockers.append(_("No national validation of the report is recorded."))
    return blockers


def _names(submissions: list[Submission]) -> str:
    return ", ".join(f"{s.organisation.name} #{s.pk}" for s in submissions[:5]) + (
        "…" if len(submissions) > 5 else ""
    )


def final_edition_like(*, cycle: ReviewCycle, kind: str, content_key: str):
    """An existing final edition made of exactly this (ready, or still being compiled)."""
    return (
        ReportEdition.objects.filter(
            cycle=cycle,
            kind=kind,
            mode=ReportEdition.Mode.FINAL,
            content_key=content_key,
            state__in=[
                ReportEdition.State.QUEUED,
                ReportEdition.State.RUNNING,
                ReportEdition.State.SUCCEEDED,
            ],
        )
        .order_by("pk")
        .first()
    )


def edition_list_for_user(*, user: User, cycle: ReviewCycle) -> QuerySet:
    """Editions the user may see: final ones for every member, previews for coordinators and
    reviewers, who prepare the report."""
    editions = ReportEdition.objects.filter(cycle=cycle).select_related("cycle", "requested_by")
    if access.reads_previews(user=user):
        return editions
    if access.is_member(user=user):
        return editions.filter(mode=ReportEdition.Mode.FINAL)
    return editions.none()


def edition_get_for_user(*, user: User, edition_id: int):
    edition = ReportEdition.objects.filter(pk=edition_id).select_related("cycle").first()
    if (
        edition is None
        or not edition_list_for_user(user=user, cycle=edition.cycle).filter(pk=edition_id).exists()
    ):
        raise Http404
    return edition


def edition_get_pdf_for_user(*, user: User, edition_id: int):
    """A compiled edition whose PDF is ready, if the user may see it; Http404 otherwise."""
    edition = edition_get_for_user(user=user, edition_id=edition_id)
    if not edition.pdf_ready:
        raise Http404
    return edition


def edition_get_docx_for_user(*, user: User, edition_id: int):
    """A compiled edition whose Word copy is ready, if the user may see it; Http404
    otherwise."""
    edition = edition_get_for_user(user=user, edition_id=edition_id)
    if not edition.docx_ready:
        raise Http404
    return edition
