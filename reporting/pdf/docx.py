"""The compiled report as a Word document, for ministries to circulate drafts for comments.

It is the same `Report` the PDF templates print (templates/reports/), in the same order, under
the same headings at the same levels, as Word's built-in heading styles (a chapter is Heading
1; a round table or an objective Heading 2; an objective inside a round table Heading 3; ...),
so that Word's navigation pane and table of contents work. Tables are Word tables. The
Arabic edition is right to left: its paragraphs, tables and section, and its Arabic runs.
The PDF stays the document of record; this copy decides nothing about what the report holds.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from reporting.models import Submission
from reporting.pdf.context import (
    STATUSES,
    Contribution,
    IndicatorRow,
    ObjectiveChapter,
    Report,
    ReportChapter,
    Written,
)
from reporting.pdf.wordml import (
    ACCENT,
    DEEP_RED,
    GREEN,
    GREY,
    LANGUAGE_TAGS,
    SLATE,
    WordDocument,
    clean,
)

NONE = "–"  # an empty cell, as the PDF prints it


def render_docx(report: Report) -> bytes:
    """The report as a .docx; the same report gives the same bytes."""
    with translation.override(report.language):
        return _WordReport(report).render()


class _WordReport:
    def __init__(self, report: Report):
        self.report = report
        self.word = WordDocument(language=report.language, direction=report.direction)

    def render(self) -> bytes:
        self.properties()
        self.pages()
        self.cover()
        self.imprint()
        self.contents()
        for chapter in self.report.chapters:
            {
                "objectives": self.objectives_chapter,
                "methodology": self.methodology,
                "annex_contributors": self.annex_contributors,
                "annex_strategy": self.annex_strategy,
                "annex_indicators": self.annex_indicators,
                "pledges": self.pledges,
                "annex_pledges": self.annex_pledges,
            }.get(chapter.kind, self.chapter)(chapter)
        return self.word.save(self.moment)

    @property
    def moment(self) -> datetime.datetime:
        """When the document says it was made: its edition's date, so a recompile of the same
        content gives the same file."""
        return datetime.datetime.combine(self.report.edition_day, datetime.time(), datetime.UTC)

    # --- around the text --------------------------------------------------------------------

    def properties(self) -> None:
        report, core = self.report, self.word.document.core_properties
        separator = pgettext("list separator", ", ")
        core.title = clean(report.title)
        core.author = core.last_modified_by = clean(report.submitted_by)
        core.subject = clean(report.cycle_title)
        core.language = LANGUAGE_TAGS[report.language]
        core.identifier = report.reference
        core.keywords = separator.join(
            [_("Global Compact for Migration"), "GCM", report.country, report.cycle_code]
        )
        core.comments = clean(
            separator.join(
                part for part in (report.cycle_title, report.venue, report.dates) if part
            )
        )
        core.category = core.content_status = ""
        core.created = core.modified = self.moment.replace(tzinfo=None)
        core.revision = 1

    def pages(self) -> None:
        """The title at the top of every page but the cover; the page number at the foot, after
        what would block a final edition in a preview, as the PDF prints them."""
        word, report = self.word, self.report
        section = word.document.sections[0]
        section.different_first_page_header_footer = True
        header, footer = section.header, section.footer
        word.write(word.cell_paragraph(header, "Header"), report.title)
        if report.preview:
            line = (
                f"{_('Preview, not final:')} {report.blocker_summary}"
                if report.blockers
                else _("Preview: nothing blocks a final edition now.")
            )
            word.write(word.cell_paragraph(footer, "Footer"), line, colour=DEEP_RED)
        page = word.cell_paragraph(footer, "Footer")
        word.write(page, f"{pgettext('page footer: Page 3 of 40', 'Page')} ")
        word.field(page, "PAGE", "1")
        word.write(page, f" {pgettext('page footer: Page 3 of 40', 'of')} ")
        word.field(page, "NUMPAGES", "1")

    def cover(self) -> None:
        word, report = self.word, self.report
        word.text_paragraph("Cover Country", report.country)
        word.text_paragraph(
            "Cover Line", _("Global Compact for Safe, Orderly and Regular Migration")
        )
        word.text_paragraph("Title", report.title)
        if report.cover_note:
            word.text_paragraph("Cover Line", report.cover_note, colour=SLATE)
        facts = [(_("Review"), report.cycle_title)]
        if report.venue:
            facts.append((_("Venue"), report.venue))
        if report.dates:
            facts.append((_("Dates of the review"), report.dates))
        facts.append((_("Date of this edition"), report.edition_date))
        if report.validation:
            facts.append(
                (
                    _("Validated"),
                    _("by the %(body)s on %(date)s") % report.validation,
                )
            )
        self.facts(facts)
        if report.preview:
            word.text_paragraph("Preview Notice", _("Preview — not for circulation"))

    def facts(self, facts: list[tuple[str, str]], *, isolated: tuple[str, ...] = ()) -> None:
        for label, value in facts:
            self.word.text_paragraph("Fact Label", label)
            self.word.text_paragraph("Fact", value, isolate=label in isolated)

    def imprint(self) -> None:
        word, report = self.word, self.report
        heading = word.text_paragraph("Imprint Heading", _("About this document"))
        heading.paragraph_format.page_break_before = True
        for_the_review = pgettext("list separator", ", ").join(
            part for part in (report.cycle_title, report.dates, report.venue) if part
        )
        validation = (
            _("%(decision)s by the %(body)s on %(date)s.") % report.validation
            if report.validation
            else _("Not yet validated.")
        )
        facts = [
            (_("Title"), report.title),
            (_("Submitted by"), report.submitted_by),
            (_("Document reference"), report.reference),
            (_("Date of this edition"), report.edition_date),
            (_("For the review"), for_the_review),
            (_("National validation"), validation),
        ]
        if report.contact:
            facts.append((_("Contact point"), report.contact))
        self.facts(facts, isolated=(_("Document reference"), _("Contact point")))
        if report.preview:
            notice = word.paragraph("Preview Notice")
            word.write(notice, _("This is a preview."))
            word.write(
                notice,
                " "
                + (
                    _("Before a final edition can be made:")
                    if report.blockers
                    else _("Nothing blocks a final edition now.")
                ),
                bold=False,
            )
            for blocker in report.blockers:
                word.text_paragraph("List Bullet", blocker)
        for note in report.working.values():
            word.text_paragraph("Report Note", note).paragraph_format.space_before = Pt(12)
        word.text_paragraph(
            "Report Note",
            _(
                "The chapters are the Government's text, approved through the national "
                "reporting process. The contributions of ministries and civil-society "
                "organisations that follow them are printed as approved, attributed to their "
                "authors; civil-society contributions are their own words, not statements of "
                "the Government."
            ),
        ).paragraph_format.space_before = Pt(12)

    def contents(self) -> None:
        """Word's table of contents: a field Word fills in when asked to update it. It lists
        chapters, round tables and objectives, as the PDF's does (objectives inside a round
        table are a level deeper)."""
        word = self.word
        word.text_paragraph("TOC Heading", _("Contents"))
        grouped = any(group.title for chapter in self.report.chapters for group in chapter.groups)
        levels = "1-3" if grouped else "1-2"
        word.field(
            word.paragraph(),
            f'TOC \\o "{levels}" \\h \\z \\u',
            _(
                "To show the table of contents, right-click here and choose Update Field "
                "(or press F9)."
            ),
        )

    # --- chapters ---------------------------------------------------------------------------

    def heading(self, level: int, text: str, **options):
        return self.word.text_paragraph(f"Heading {level}", text, **options)

    def no_content(self, text: str) -> None:
        self.word.text_paragraph("No Content", text)

    def note(self, text: str) -> None:
        self.word.text_paragraph("Report Note", text)

    def chapter(self, chapter: ReportChapter) -> None:
        self.heading(1, chapter.title)
        if chapter.written:
            self.written(chapter.written)
        elif not chapter.contributions:
            self.no_content(_("This chapter has not been written yet."))
        if chapter.kind == "principles":
            self.principles()
        if chapter.contributions:
            self.evidence(chapter.government, chapter.cso, level=2)

    def written(self, written: Written) -> None:
        """The coordinator's text: key messages as a numbered list, paragraphs and bullets,
        citations as superscript numbers, then the numbered source notes."""
        word, language = self.word, written.language
        if written.other_language:
            self.note(written.language_note)
        if written.messages:
            numbered = word.numbering()
            for segments in written.messages:
                paragraph = word.paragraph("Key Message", direction=written.direction)
                word.number(paragraph, numbered)
                self.segments(paragraph, segments, language)
        for block in written.blocks:
            style = "List Bullet" if block.kind == "list" else "Normal"
            for segments in block.items:
                paragraph = word.paragraph(style, direction=written.direction)
                self.segments(paragraph, segments, language)
        if written.language_note and not written.other_language:
            self.note(written.language_note)
        for note in written.notes:
            paragraph = word.paragraph("Source Note")
            word.write(paragraph, f"{note.number}.\t")
            word.write(paragraph, note.text, isolate=not note.missing, italic=note.missing)

    def segments(self, paragraph, segments, language: str) -> None:
        for segment in segments:
            if segment.note:
                self.word.write(paragraph, str(segment.note), superscript=True, colour=ACCENT)
            else:
                self.word.write(paragraph, segment.text, language=language)

    def evidence(self, government, cso, *, level: int) -> None:
        """Government voices, then civil-society voices apart, saying they are their own."""
        if government:
            self.heading(level, _("Contributions of government institutions"))
            for contribution in government:
                self.contribution(contribution, level=level + 1)
        if cso:
            # In the PDF's green box; here in its green.
            self.heading(level, _("Contributions of civil society"), colour=GREEN)
            self.note(
                _(
                    "Contributed by the civil-society organisations named below, in their own "
                    "words; they are not statements of the Government."
                )
            )
            for contribution in cso:
                self.contribution(contribution, level=level + 1, colour=GREEN)

    def contribution(
        self, contribution: Contribution, *, level: int, colour: str | None = None
    ) -> None:
        word = self.word
        heading = word.paragraph(f"Heading {level}")
        word.write(heading, contribution.organisation, isolate=True, colour=colour)
        if not contribution.plain:
            word.write(heading, f" · {contribution.subject}", bold=False, colour=SLATE)
        if contribution.status_label:
            status = word.paragraph("Status Line")
            word.write(status, f"{_('Implementation status')}: ")
            word.write(status, contribution.status_label, bold=True)
        if contribution.other_language:
            self.note(contribution.language_note)
        for label, text in contribution.narratives:
            if not contribution.plain:
                word.text_paragraph("Field Label", label)
            self.user_text(text, contribution.language)
        if contribution.language_note and not contribution.other_language:
            self.note(contribution.language_note)
        separator = pgettext("list separator", ", ")
        source = word.paragraph("Source Line")
        word.write(source, f"{_('Source')}: {contribution.source}")
        if contribution.principles:
            word.write(
                source,
                f". {_('Guiding principles')}: {separator.join(contribution.principles)}",
            )
        if contribution.gcm_actions:
            word.write(source, f". {_('GCM actions')}: ")
            for index, code in enumerate(contribution.gcm_actions):
                word.write(source, code, isolate=True)
                if index < len(contribution.gcm_actions) - 1:
                    word.write(source, separator)
        word.write(source, ".")

    def user_text(self, text: str, language: str) -> None:
        """Text as its author wrote it, in its own language and direction: a blank line starts
        a paragraph, a line break stays one (Django's `linebreaks`, as the PDF prints it)."""
        direction = "rtl" if language == "ar" else "ltr"
        for chunk in clean(text).strip().split("\n\n"):
            if chunk.strip():
                paragraph = self.word.paragraph(direction=direction)
                self.word.write(paragraph, chunk.strip("\n"), language=language)

    # --- progress by objective --------------------------------------------------------------

    def objectives_chapter(self, chapter: ReportChapter) -> None:
        self.heading(1, chapter.title)
        if "objectives" in self.report.working:
            self.note(self.report.working["objectives"])
        self.status_table()
        for index, group in enumerate(chapter.groups):
            if group.title:
                heading = self.heading(2, group.title)
                # Round tables start a page, but the first, right after the status table.
                heading.paragraph_format.page_break_before = index > 0
            for objective in group.objectives:
                self.objective(objective, level=3 if group.title else 2)
        if chapter.not_reported:
            self.heading(2, _("Objectives without contributions in this cycle"))
            table = self.word.table([12, 88], headers=[_("Objective"), _("Short title")])
            for number, label in chapter.not_reported:
                number_cell, label_cell = self.word.row(table)
                self.word.cell(number_cell, str(number))
                self.word.cell(label_cell, label)

    def status_table(self) -> None:
        """The PDF's chart of implementation status by objective, as a table."""
        word = self.word
        self.heading(2, _("Implementation status by objective"))
        labels = dict(Submission.ImplementationStatus.choices)
        table = word.table(
            [11, 37, 11, 11, 11, 11, 8],
            headers=[
                _("Objective"),
                _("Short title"),
                *(str(labels[status]) for status in STATUSES),
                _("Total"),
            ],
        )
        for number, label, counts in self.report.status_by_objective:
            cells = word.row(table)
            figures = [counts.get(status, 0) for status in STATUSES]
            values = [str(number), label, *figures, sum(figures)]
            for cell, value in zip(cells, values, strict=True):
                word.cell(cell, NONE if value == 0 else str(value))
        self.note(
            _(
                "One row per GCM objective, numbered 1 to 23, counting approved contributions "
                "by the implementation status they report."
            )
        )

    def objective(self, objective: ObjectiveChapter, *, level: int) -> None:
        self.heading(
            level,
            f"{_('Objective %(number)s') % {'number': objective.number}}: {objective.title}",
        )
        if objective.synthesis:
            self.written(objective.synthesis)
        self.evidence(objective.government, objective.cso, level=level + 1)
        if objective.strategy:
            self.heading(
                level + 1, _("Reports on national strategy actions serving this objective")
            )
            for contribution, elsewhere in objective.strategy_entries:
                if elsewhere:
                    self.word.text_paragraph(
                        "Normal",
                        _(
                            "%(subject)s (%(organisation)s): see its report under objective "
                            "%(number)s."
                        )
                        % {
                            "subject": elsewhere.subject,
                            "organisation": elsewhere.organisation,
                            "number": elsewhere.objective_number,
                        },
                    )
                else:
                    self.contribution(contribution, level=level + 2)
        if objective.gcm_actions:
            self.heading(level + 1, _("GCM actions addressed"))
            for code, text in objective.gcm_actions:
                paragraph = self.word.paragraph("List Bullet")
                self.word.write(paragraph, code, isolate=True, bold=True)
                self.word.write(paragraph, f" {text}")
        if objective.indicators:
            self.heading(level + 1, _("Indicators"))
            self.indicator_table(objective.indicators)

    def indicator_table(self, rows: list[IndicatorRow]) -> None:
        word = self.word
        table = word.table(
            [22, 14, 13, 10, 9, 12, 20],
            headers=[
                _("Indicator"),
                _("Reported by"),
                _("Value"),
                _("Baseline"),
                _("Target"),
                _("Reference date"),
                _("Source"),
            ],
        )
        for row in rows:
            indicator, organisation, value, baseline, target, date, source = word.row(table)
            name = word.cell_paragraph(indicator)
            word.write(name, row.code, isolate=True, bold=True)
            word.write(name, " ")
            word.write(name, row.name, isolate=True)
            if row.sdg_code:
                sdg = word.paragraph("Report Note", container=indicator)
                word.write(sdg, f"{_('SDG indicator')} ")
                word.write(sdg, row.sdg_code, isolate=True)
            word.cell(organisation, row.organisation, isolate=True)
            word.cell(value, row.value, isolate=True, bold=True)
            if row.unit:
                word.write(
                    word.paragraph("Report Note", container=value),
                    row.unit,
                    isolate=True,
                    language=row.unit_language or None,
                )
            word.cell(baseline, row.baseline or NONE, isolate=True)
            word.cell(target, row.target or NONE, isolate=True)
            word.cell(date, row.reference_date or NONE)
            word.cell(
                source, row.source or NONE, isolate=True, language=row.source_language or None
            )
            if row.breakdown:
                cells = word.row(table)
                merged = cells[0].merge(cells[-1])
                breakdown = word.cell_paragraph(merged)
                word.write(breakdown, f"{_('Breakdown')}: ", bold=True)
                separator = pgettext("list separator", ", ")
                for index, (label, figure) in enumerate(row.breakdown):
                    word.write(breakdown, label, isolate=True)
                    word.write(breakdown, " ")
                    word.write(breakdown, figure, isolate=True, bold=True)
                    if index < len(row.breakdown) - 1:
                        word.write(breakdown, separator)

    # --- data chapters ----------------------------------------------------------------------

    def principles(self) -> None:
        word, report = self.word, self.report
        self.heading(2, _("Guiding principles applied in the contributions"))
        table = word.table(
            [80, 20], headers=[_("Guiding principle"), _("Contributions applying it")]
        )
        for title, count in report.principles:
            title_cell, count_cell = word.row(table)
            word.cell(title_cell, title)
            word.cell(count_cell, str(count))
        if "principles" in report.working:
            self.note(report.working["principles"])
        self.note(
            _(
                "Out of %(total)s approved contributions; a contribution can apply several "
                "principles."
            )
            % {"total": report.totals["contributions"]}
        )

    def methodology(self, chapter: ReportChapter) -> None:
        word, report = self.word, self.report
        totals = report.totals
        self.heading(1, chapter.title)
        if chapter.written:
            self.written(chapter.written)
        self.heading(2, _("How the contributions were gathered"))
        word.text_paragraph(
            "Normal",
            ngettext(
                "The national coordinator asked ministries, Kurdistan Region bodies and "
                "civil-society organisations to report through the national online reporting "
                "portal. %(contributions)s contributions from %(organisations)s organisation were "
                "reviewed and approved by IOM; %(returned)s of them went back to their authors "
                "for revision at least once before approval.",
                "The national coordinator asked ministries, Kurdistan Region bodies and "
                "civil-society organisations to report through the national online reporting "
                "portal. %(contributions)s contributions from %(organisations)s organisations "
                "were reviewed and approved by IOM; %(returned)s of them went back to their "
                "authors for revision at least once before approval.",
                totals["organisations"],
            )
            % totals,
        )
        figures = word.table([70, 30])
        for label, value in (
            (_("Approved contributions"), totals["contributions"]),
            (_("from government institutions"), totals["government"]),
            (_("from civil-society organisations"), totals["cso"]),
            (_("Contributing organisations"), totals["organisations"]),
            (
                _("GCM objectives with contributions"),
                _("%(covered)s of 23") % {"covered": totals["objectives_covered"]},
            ),
        ):
            label_cell, value_cell = word.row(figures)
            word.cell(label_cell, label)
            word.cell(value_cell, str(value), bold=True)

        self.heading(2, _("Coverage by organisation type"))
        table = word.table(
            [50, 50],
            headers=[_("Organisation type"), _("Organisations that reported, out of those asked")],
        )
        for kind, reported, asked in report.coverage_by_type:
            kind_cell, count_cell = word.row(table)
            word.cell(kind_cell, kind)
            word.cell(
                count_cell, _("%(reported)s of %(asked)s") % {"reported": reported, "asked": asked}
            )
        if not report.coverage_by_type:
            cells = word.row(table)
            word.cell(cells[0].merge(cells[-1]), _("No organisations were asked to contribute."))
        self.note(
            _(
                "Organisations asked: those assigned to the cycle and the leads of national "
                "strategy actions."
            )
        )

        self.consultations()

        self.heading(2, _("Validation"))
        if report.validation:
            word.text_paragraph(
                "Normal",
                _("The report was discussed by the %(body)s on %(date)s. Decision: %(decision)s.")
                % report.validation,
            )
            if report.validation["organisations"]:
                present = word.paragraph()
                word.write(present, f"{_('Organisations present')}: ")
                for index, name in enumerate(report.validation["organisations"]):
                    word.write(present, name, isolate=True)
                    word.write(
                        present,
                        pgettext("list separator", ", ")
                        if index < len(report.validation["organisations"]) - 1
                        else ".",
                    )
        else:
            self.no_content(_("The national validation has not been recorded yet."))

        if report.exclusions:
            self.heading(2, _("Contributions left out of this report"))
            table = word.table([30, 30, 40], headers=[_("Organisation"), _("On"), _("Why")])
            for organisation, subject, reason in report.exclusions:
                organisation_cell, subject_cell, reason_cell = word.row(table)
                word.cell(organisation_cell, organisation, isolate=True)
                word.cell(subject_cell, subject, isolate=True)
                word.cell(reason_cell, reason, isolate=True)

        self.heading(2, _("Timeline"))
        table = word.table([25, 75], headers=[_("Date"), _("Step")])
        for date, label in report.timeline:
            date_cell, label_cell = word.row(table)
            word.cell(date_cell, date)
            word.cell(label_cell, label)
        if chapter.contributions:
            self.evidence(chapter.government, chapter.cso, level=2)

    def consultations(self) -> None:
        """The consultations, as the PDF prints them, without the chart: its numbers are in
        the participation table."""
        word, section = self.word, self.report.consultations
        self.heading(2, _("Consultations"))
        if not section.lines:
            self.no_content(_("No consultation has been recorded for this cycle."))
            return
        table = word.table(
            [14, 25, 12, 20, 9, 20],
            headers=[
                _("Dates"),
                _("Consultation"),
                _("Format"),
                _("Organiser"),
                _("Participants"),
                _("Covered"),
            ],
        )
        for line in section.lines:
            dates, title, form, organiser, participants, covered = word.row(table)
            word.cell(dates, line.dates)
            word.cell(title, line.title, language=line.language)
            if line.place:
                word.cell(title, line.place, language=line.language)
            word.cell(form, line.format)
            word.cell(organiser, line.organiser, isolate=True)
            word.cell(participants, line.participants)
            word.cell(covered, line.covered or NONE)
        self.heading(3, _("Participants by stakeholder type and sex"))
        table = word.table(
            [40, 15, 15, 15, 15],
            headers=[_("Stakeholder type"), _("Women"), _("Men"), _("Not stated"), _("Total")],
        )
        for row in [*section.participation, section.totals]:
            cells = word.row(table)
            for cell, text in zip(
                cells, (row.label, row.women, row.men, row.not_stated, row.total), strict=True
            ):
                word.cell(cell, text, bold=row is section.totals or None)
        if section.working_note:
            self.note(section.working_note)
        self.heading(3, _("Whole-of-government participation"))
        word.text_paragraph("Normal", section.kurdistan_region)
        word.text_paragraph("Normal", section.parliament)
        if section.uses:
            self.heading(3, _("How the input was used"))
            for line in section.uses:
                title = word.paragraph()
                word.write(title, line.title, language=line.language, bold=True)
                word.write(title, f" ({line.dates})")
                if line.how_used:
                    self.user_text(line.how_used, line.language)
                if line.changed:
                    self.note(
                        _("Changed as a result:")
                        + " "
                        + pgettext("list separator between longer items", "; ").join(line.changed)
                        + "."
                    )

    def annex_contributors(self, chapter: ReportChapter) -> None:
        word = self.word
        self.heading(1, chapter.title)
        table = word.table(
            [40, 20, 25, 15],
            headers=[
                _("Organisation"),
                _("Type"),
                _("Stakeholder type"),
                _("Approved contributions"),
            ],
        )
        for row in self.report.contributors:
            organisation, kind, stakeholder, count = word.row(table)
            word.cell(organisation, row["organisation"], isolate=True)
            word.cell(kind, row["kind"])
            word.cell(stakeholder, row["stakeholder_type"] or NONE)
            word.cell(count, str(row["count"]))
        if not self.report.contributors:
            cells = word.row(table)
            word.cell(cells[0].merge(cells[-1]), _("No approved contributions yet."))
        if "stakeholder_types" in self.report.working:
            self.note(self.report.working["stakeholder_types"])

    def annex_strategy(self, chapter: ReportChapter) -> None:
        word, report = self.word, self.report
        self.heading(1, chapter.title)
        self.note(
            _(
                "Each national strategy action with the GCM objectives it serves (marked ✓) "
                "and its status as its lead organisation reported it in its approved "
                "contribution."
            )
        )
        objectives = report.matrix_objectives
        table = word.table(
            [58, 20] + [96 / max(len(objectives), 1)] * len(objectives),
            headers=[_("Strategy action"), _("Reported status"), *map(str, objectives)],
            header_style="Matrix Text",
        )
        word.narrow(table, 15)
        for cell in table.rows[0].cells[2:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for action in report.matrix_actions:
            cells = word.row(table)
            title = word.cell_paragraph(cells[0], "Matrix Text")
            word.write(title, action.code, isolate=True, bold=True)
            word.write(title, " ")
            word.write(title, action.title, isolate=True)
            lead = word.paragraph("Matrix Text", container=cells[0])
            word.write(lead, action.lead, isolate=True, colour=GREY)
            word.cell(
                cells[1], action.status_label or _("no approved report"), style="Matrix Text"
            )
            for cell, number in zip(cells[2:], objectives, strict=True):
                mark = "✓" if number in action.objective_numbers else ""
                word.cell(
                    cell, mark, style="Matrix Text", align="centre", bold=True, colour=ACCENT
                )
        self.note(_("Column headings are the numbers of the GCM objectives."))

    def annex_indicators(self, chapter: ReportChapter) -> None:
        self.heading(1, chapter.title)
        if self.report.indicator_annex:
            self.indicator_table(self.report.indicator_annex)
        elif not self.report.policy_domains:
            self.no_content(_("No indicator values have been approved in this cycle."))
        if self.report.policy_domains:
            self.policy_domains()

    def policy_domains(self) -> None:
        """SDG 10.7.2 by domain, as the PDF prints it (templates/reports/includes/)."""
        word = self.word
        self.heading(2, _("SDG indicator 10.7.2: migration policies by domain"))
        self.note(
            _(
                "Number of countries with migration policies that facilitate orderly, safe, "
                "regular and responsible migration and mobility of people (UN DESA and IOM). "
                "Each domain has five sub-categories answered yes or no; its score follows "
                "from the share answered yes: 1 requires further progress (under 40 per "
                "cent), 2 partially meets (40 to under 60), 3 meets (60 to under 80), 4 fully "
                "meets (80 or more)."
            )
        )
        for policy in self.report.policy_domains:
            self.note(
                _("Answered by %(organisation)s, approved on %(date)s.")
                % {"organisation": policy.organisation, "date": policy.approved_on}
            )
            table = word.table(
                [40, 25, 10, 25],
                headers=[_("Policy domain"), _("Score (1–4)"), _("Yes answers"), _("Note")],
            )
            for row in policy.rows:
                domain, score, yes, note = word.row(table)
                title = word.cell_paragraph(domain)
                word.write(title, row.number, isolate=True, bold=True)
                word.write(title, " ")
                word.write(title, row.title, isolate=True)
                word.cell(
                    score,
                    f"{row.score} {row.label}"
                    if row.score
                    else _("not scored: not every sub-category was answered"),
                )
                word.cell(yes, row.yes)
                word.cell(note, row.note or NONE, isolate=True)
        if self.report.language == "ar":
            self.note(_("The Arabic titles of the domains are a working translation."))

    # --- pledges ------------------------------------------------------------------------------

    def pledges(self, chapter: ReportChapter) -> None:
        section = chapter.pledges
        self.heading(1, chapter.title)
        if chapter.written:
            self.written(chapter.written)
        if section.made_here or not section.followed_up:
            self.heading(2, _("Pledges made at this review"))
            for entry in section.made_here:
                self.pledge(entry, follow_up=False)
            if not section.made_here:
                self.no_content(_("No pledge made at this review has been approved."))
        self.heading(2, _("Progress on earlier pledges"))
        if not section.followed_up:
            self.no_content(_("No pledge made at an earlier review is recorded."))
        for entry in section.followed_up:
            self.pledge(entry, follow_up=True)
        if chapter.contributions:
            self.evidence(chapter.government, chapter.cso, level=2)

    def pledge(self, entry, *, follow_up: bool) -> None:
        word = self.word
        heading = self.heading(3, "")
        word.write(heading, entry.reference, isolate=True)
        word.write(heading, " ")
        word.write(heading, entry.title.text, language=entry.title.language, isolate=True)
        about = [entry.organisations, entry.kind_label, entry.form_label]
        if follow_up:
            about.append(_("made at %(review)s") % {"review": entry.made_at})
        if entry.is_sample:
            about.append(_("sample data"))
        self.note(" · ".join(about))
        text = entry.update if follow_up else entry.description
        if follow_up:
            status = entry.status_label or _("No update was approved for this review.")
            word.text_paragraph("Normal", f"{_('Status')}: {status}")
        if text is not None and text.text:
            self.user_text(text.text, text.language)
            if text.note:
                self.note(text.note)
        self.facts(
            [
                (_("GCM objectives"), ", ".join(str(n) for n in entry.objectives)),
                *[(label, value or NONE) for label, value, _direction in entry.facts],
                (_("Deadline"), entry.deadline or NONE),
            ]
        )

    def annex_pledges(self, chapter: ReportChapter) -> None:
        word = self.word
        self.heading(1, chapter.title)
        entries = chapter.pledges.all
        if not entries:
            self.no_content(_("No approved pledge is recorded."))
            return
        table = word.table(
            [40, 30, 25, 15, 20, 20],
            headers=[
                _("Pledge"),
                _("Pledging organisations"),
                _("Type and form"),
                _("Objectives"),
                _("Deadline"),
                _("Status at this review"),
            ],
        )
        for entry in entries:
            cells = word.row(table)
            title = word.cell_paragraph(cells[0], "Normal")
            word.write(title, entry.reference, isolate=True, bold=True)
            word.write(title, " ")
            word.write(title, entry.title.text, language=entry.title.language, isolate=True)
            word.cell(cells[1], entry.organisations, isolate=True)
            word.cell(cells[2], f"{entry.kind_label}; {entry.form_label}")
            word.cell(cells[3], ", ".join(str(n) for n in entry.objectives))
            word.cell(cells[4], entry.deadline or NONE)
            word.cell(cells[5], entry.status_label or NONE)
