"""The Word copy of a compiled edition: the PDF's chapters under Word's heading styles, its
tables as Word tables, right to left in Arabic, and the same file for the same content."""

import datetime
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from objectives.models import Indicator, Objective
from reporting.models import LayoutChapter, ReportEdition
from reporting.pdf.context import edition_report
from reporting.services import editions
from reporting.services.chapters import chapter_save, chapter_start, chapter_transition
from reporting.services.submissions import IndicatorEntry
from tests.api.conftest import api_client
from tests.builders import approve

pytestmark = pytest.mark.django_db
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def written(content, alice, rita, cora, momd):
    """The shared content; an Arabic contribution on objective 3 with an indicator value; the
    foreword citing it, and three key messages; all approved."""
    indicator = Indicator.objects.create(
        code="IND-3",
        name_en="Victims referred",
        name_ar="الضحايا المحالون",
        kind="number",
        objective=Objective.objects.get(number=3),
        disaggregations=["sex"],
        baseline="140",
        target="400",
    )
    cited = approve(
        alice,
        rita,
        content,
        momd,
        3,
        progress="ARABIC-CONTRIBUTION وزارة الهجرة تفتح مكاتب جديدة.",
        language="ar",
        indicator_values=[
            IndicatorEntry(
                indicator.pk,
                value="4400",
                unit="persons",
                reference_date=datetime.date(2027, 12, 31),
                source="Ministry records (MoMD)",
                breakdown=[{"dimension": "sex", "category": "female", "value": "2100"}],
            )
        ],
    )
    for code, body, messages in (
        ("foreword", f"FOREWORD-TEXT on referrals [cite:{cited.pk}].\n\n- A point", []),
        ("key-messages", "", ["MESSAGE-ONE", "MESSAGE-TWO", "MESSAGE-THREE"]),
    ):
        layout_chapter = LayoutChapter.objects.get(layout__kind="regional", code=code)
        chapter = chapter_start(user=cora, cycle=content, layout_chapter=layout_chapter)
        chapter = chapter_save(
            user=cora,
            chapter_id=chapter.pk,
            base_version=chapter.version,
            language="en",
            body=body,
            messages=messages,
        )
        chapter_transition(user=cora, chapter_id=chapter.pk, action="submit")
        chapter_transition(user=rita, chapter_id=chapter.pk, action="approve")
    return content


def compile_edition(cycle, language: str, mode: str = "final") -> ReportEdition:
    edition = ReportEdition.objects.create(
        cycle=cycle, kind="regional", language=language, mode=mode
    )
    editions.edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == "succeeded", edition.failure_reason
    return edition


def open_word(edition: ReportEdition):
    with edition.docx.open("rb") as file:
        return Document(io.BytesIO(file.read()))


def cell_paragraphs(document):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def all_paragraphs(document):
    return [*document.paragraphs, *cell_paragraphs(document)]


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def has(element, path: str) -> bool:
    """Whether the element has a descendant at the path ("w:pPr/w:bidi")."""
    return element.find("/".join(qn(step) for step in path.split("/"))) is not None


def test_the_word_copy_has_the_pdf_chapters_under_word_headings(written):
    edition = compile_edition(written, "en")
    assert edition.docx.name == (f"reports/{written.code}-regional-en-final-{edition.pk}.docx")
    report = edition_report(edition)
    document = open_word(edition)

    assert styled(document, "Heading 1") == [chapter.title for chapter in report.chapters]
    objectives = [
        f"Objective {number}: {Objective.objects.get(number=number).title_en}"
        for number in (3, 10, 21)
    ]
    assert [h for h in styled(document, "Heading 2") if h.startswith("Objective ")] == [
        *objectives
    ]
    text = "\n".join(p.text for p in all_paragraphs(document))
    for approved in ("APPROVED-PROGRESS-TEXT", "CSO-APPROVED-VOICE", "FIRST-APPROVED-TEXT"):
        assert approved in text
    for never in ("DRAFT-ONLY-TEXT", "RETURNED-ONLY-TEXT", "REOPENED-NEW-TEXT"):
        assert never not in text
    # Civil society apart, with the note that it is not the Government speaking.
    assert (
        text.index("Contributions of government institutions")
        < text.index("Contributions of civil society")
        < text.index("CSO-APPROVED-VOICE")
    )
    assert "they are not statements of the Government" in text

    # The coordinator's text: key messages numbered afresh, citations and their notes.
    messages = [p for p in document.paragraphs if p.style.name == "Key Message"]
    assert [p.text for p in messages] == ["MESSAGE-ONE", "MESSAGE-TWO", "MESSAGE-THREE"]
    assert all(has(p._p, "w:pPr/w:numPr/w:numId") for p in messages)
    foreword = next(p for p in document.paragraphs if p.text.startswith("FOREWORD-TEXT"))
    assert [r.text for r in foreword.runs if r.font.superscript] == ["1"]
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == ["A point"]
    (note,) = styled(document, "Source Note")
    assert note.startswith("1.\tMinistry of Migration and Displaced, Objective 3, approved on")

    # Indicator values are in Word tables whose header row repeats on every page.
    indicator_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Indicator"]
    assert len(indicator_tables) == 2  # objective 3's, and the annex
    for table in indicator_tables:
        cells = [cell.text for row in table.rows for cell in row.cells]
        assert "4,400\npersons" in cells
        assert any(c.startswith("Breakdown: ") and "2,100" in c for c in cells)
    assert all(has(t.rows[0]._tr, "w:trPr/w:tblHeader") for t in indicator_tables)

    sources = styled(document, "Source Line")
    assert any(s.startswith("Source: Migrant Rights Network") for s in sources)
    properties = document.core_properties
    assert (properties.title, properties.author) == (report.title, "Government of Iraq")
    assert (properties.subject, properties.language) == (written.title, "en-GB")
    assert "Preview — not for circulation" not in text


def test_the_arabic_word_copy_is_right_to_left(written):
    edition = compile_edition(written, "ar")
    report = edition_report(edition)
    document = open_word(edition)
    assert styled(document, "Heading 1") == [chapter.title for chapter in report.chapters]

    body = document.element.body
    assert has(body, "w:sectPr/w:bidi")
    assert all(has(table._tbl, "w:tblPr/w:bidiVisual") for table in document.tables)
    english = 0
    for paragraph in all_paragraphs(document):
        if any(
            token in paragraph.text for token in ("APPROVED", "FOREWORD", "MESSAGE", "A point")
        ):
            # Text written in English keeps its own direction, tagged as English.
            english += 1
            assert not has(paragraph._p, "w:pPr/w:bidi"), paragraph.text
            assert all(
                run._r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "en-GB"
                for run in paragraph.runs
                if run.text.strip() and not run.font.superscript
            )
        else:
            assert has(paragraph._p, "w:pPr/w:bidi"), paragraph.text
        for run in paragraph.runs:
            if ARABIC_LETTER.search(run.text):
                assert run.font.rtl, run.text
    assert english >= 7

    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert language.get(qn("w:bidi")) == "ar-IQ"
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:cs")) == "Noto Naskh Arabic"
    assert document.core_properties.language == "ar-IQ"
    # An Arabic contribution reads right to left in its own paragraph.
    arabic = next(p for p in document.paragraphs if "ARABIC-CONTRIBUTION" in p.text)
    assert has(arabic._p, "w:pPr/w:bidi")


def test_the_same_content_gives_the_same_word_file(written):
    first, second = (compile_edition(written, "en") for _ in range(2))
    assert first.pk != second.pk
    with first.docx.open("rb") as one, second.docx.open("rb") as other:
        data = one.read()
        assert data == other.read()
    today = timezone.localdate()
    dated = {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert dated == {(today.year, today.month, today.day, 0, 0, 0)}
    created = Document(io.BytesIO(data)).core_properties.created
    assert (created.date(), created.time()) == (today, datetime.time())


def test_the_word_copy_comes_after_the_pdf(content, monkeypatch):
    stages = []
    progress = editions.edition_progress

    def recording(*, claim, percent, stage):
        stages.append(stage)
        progress(claim=claim, percent=percent, stage=stage)

    monkeypatch.setattr(editions, "edition_progress", recording)
    edition = compile_edition(content, "en", "preview")
    assert stages == ["html", "layout", "layout", "writing", "word"]
    assert (edition.stage, edition.progress) == ("done", 100)
    text = "\n".join(p.text for p in all_paragraphs(open_word(edition)))
    assert "Preview — not for circulation" in text and "This is a preview." in text


def test_text_xml_cannot_hold_is_left_out_and_markup_stays_text(alice, rita, open_cycle, momd):
    approve(
        alice,
        rita,
        open_cycle,
        momd,
        10,
        progress="Line one\x0bline two\x1b <w:p><w:t>INJECTED</w:t></w:p> & HOSTILE-MARKER",
    )
    document = open_word(compile_edition(open_cycle, "en"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Line one\nline two <w:p><w:t>INJECTED</w:t></w:p> & HOSTILE-MARKER" in text


def test_the_api_serves_the_word_copy_to_those_who_may_see_the_edition(content, cora, victor):
    final, preview = compile_edition(content, "en"), compile_edition(content, "en", "preview")
    for edition, reader, stranger in ((final, victor, None), (preview, cora, victor)):
        url = reverse("api:edition-word", args=[edition.pk])
        response = api_client(reader).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == DOCX_TYPE
        assert response["Content-Disposition"].startswith("attachment;")
        with edition.docx.open("rb") as file:
            assert b"".join(response.streaming_content) == file.read()
        detail = api_client(reader).get(reverse("api:edition-detail", args=[edition.pk]))
        assert detail.json()["word_url"] == url
        if stranger is not None:
            assert api_client(stranger).get(url).status_code == 404
