"""The national coordinator writes the last chapter of the report with a citation, IOM approves
it, a translator working in Arabic translates it and the coordinator reviews the translation,
the national validation is recorded, and the final edition is compiled in both languages and
downloaded as PDF and as Word."""

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from reporting import segments
from reporting.models import LayoutChapter, ReportEdition, ReviewCycle
from reporting.selectors.chapters import report_writing
from reporting.selectors.editions import report_contents
from reporting.services.chapters import chapter_save, chapter_start, chapter_transition
from reporting.services.translations import (
    translation_review,
    translation_save,
    translation_start,
)
from tests.browser.conftest import login
from tests.builders import approve, member
from tests.support import pdf_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def write_all_but_the_foreword(cycle, cora, rita):
    for row in report_writing(cycle=cycle, kind="regional").rows:
        if row.layout_chapter.code == "foreword":
            continue
        chapter = chapter_start(
            user=cora, cycle=cycle, layout_chapter=row.layout_chapter, objective=row.objective
        )
        key_messages = row.layout_chapter.kind == LayoutChapter.Kind.KEY_MESSAGES
        chapter_save(
            user=cora,
            chapter_id=chapter.pk,
            base_version=chapter.version,
            language="en",
            body="" if key_messages else f"Chapter {row.layout_chapter.code} as approved.",
            messages=["First message.", "Second message.", "Third message."]
            if key_messages
            else [],
        )
        chapter_transition(user=cora, chapter_id=chapter.pk, action="submit")
        chapter_transition(user=rita, chapter_id=chapter.pk, action="approve")


def translate_all_there_is(cycle, translator, reviewer):
    """A reviewed Arabic translation of every approved text the report has so far."""
    contents = report_contents(cycle=cycle, kind="regional")
    for need in contents.translations("ar").open:
        translation = translation_start(
            user=translator,
            kind=need.source.kind,
            object_id=need.source.object_id,
            language="ar",
        )
        translation = translation_save(
            user=translator,
            translation_id=translation.pk,
            base_version=translation.version,
            targets={
                name: [" ".join(["نص مترجم.", *segments.citations(row["source"])]) for row in rows]
                for name, rows in translation.segments.items()
            },
        )
        translation_review(
            user=reviewer, translation_id=translation.pk, base_version=translation.version
        )


def test_the_coordinator_writes_cites_validates_and_compiles_the_final_report(
    new_page, check, open_cycle, alice, rita, cora, momd, moi, iom, tmp_path
):
    contribution = approve(
        alice, rita, open_cycle, momd, 10, progress="4,400 victims of trafficking were referred."
    )
    write_all_but_the_foreword(open_cycle, cora, rita)
    tina = member("tina", iom, "translator")
    translate_all_there_is(open_cycle, tina, cora)
    ReviewCycle.objects.filter(pk=open_cycle.pk).update(state=ReviewCycle.State.CLOSED)
    writing_url = f"/reports/{open_cycle.code}/regional/writing/"

    # The coordinator sees what still blocks a final edition, and starts the foreword.
    page = new_page()
    login(page, "cora")
    page.goto(writing_url)
    blockers = page.locator("#blockers-heading + ul")
    expect(blockers).to_contain_text("Not approved yet: Foreword.")
    expect(blockers).to_contain_text("No national validation of the report is recorded.")
    check(page, "01-writing")
    foreword = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Foreword"))
    foreword.get_by_role("button", name="Start writing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Foreword")

    # She writes, cites the approved contribution beside the editor, and saves.
    text = page.get_by_label("Text", exact=True)
    text.fill("Iraq referred more victims of trafficking than ever before.")
    source = page.locator(".source-card").filter(has_text="Ministry of Migration and Displaced")
    source.get_by_role("button", name="Cite").click()
    expect(text).to_have_value(
        f"Iraq referred more victims of trafficking than ever before. [cite:{contribution.pk}]"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    notes = page.locator("ol.notes")
    expect(notes).to_contain_text("Ministry of Migration and Displaced, Objective 10, approved on")
    check(page, "02-foreword-cited")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator(".meta-list")).to_contain_text("Submitted")

    # IOM's reviewer finds it in the review queue and approves it.
    reviewer = new_page()
    login(reviewer, "rita")
    reviewer.goto("/review/")
    reviewer.get_by_role("link", name="Foreword").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Foreword")
    expect(reviewer.locator("ol.notes")).to_contain_text("Ministry of Migration and Displaced")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.locator(".meta-list")).to_contain_text("Approved")
    check(reviewer, "03-foreword-approved")

    # A translator, working in Arabic, translates the foreword from the queue of what the
    # Arabic edition still needs; the coordinator reviews the translation.
    translator = new_page()
    login(translator, "tina")
    translator.get_by_role("button", name="العربية").click()
    expect(translator.locator("html")).to_have_attribute("dir", "rtl")
    translator.get_by_role("navigation").get_by_role("link", name="الترجمات").click()
    translator.locator(f"main a[href='/translations/{open_cycle.code}/regional/']").click()
    waiting = translator.get_by_role("row").filter(has_text="تصدير")
    expect(translator.get_by_role("row")).to_have_count(2)  # the header and the foreword
    check(translator, "04-translation-queue-ar")
    waiting.get_by_role("button", name="ترجمة").click()
    expect(translator.get_by_role("heading", level=1)).to_have_text("الترجمة إلى العربية")
    sentence = translator.get_by_label("ترجمة الجملة 1")
    expect(sentence).to_have_attribute("dir", "rtl")
    sentence.fill(f"أحال العراق عدداً غير مسبوق من ضحايا الاتجار. [cite:{contribution.pk}]")
    translator.get_by_role("button", name="حفظ", exact=True).click()
    expect(translator.locator("main > .messages")).to_contain_text("حُفظت الترجمة.")
    check(translator, "05-translation-saved-ar")
    page.goto(translator.url)
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.locator(".meta-list")).to_contain_text("Reviewed")

    # The coordinator records the national validation, with its minutes.
    page.goto(writing_url)
    expect(page.locator("#blockers-heading + ul")).not_to_contain_text("Foreword")
    page.get_by_role("link", name="Record the national validation").click()
    page.get_by_label("Date of the validation").fill("2026-05-20")
    page.get_by_label("Validating body (English)").fill(
        "National Technical Working Group on Migration"
    )
    page.get_by_role("checkbox", name="Ministry of Migration and Displaced").check()
    page.get_by_role("checkbox", name="Ministry of Interior").check()
    page.get_by_label("Decision").select_option(label="Validated with changes")
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes of the meeting\n%%EOF\n")
    page.get_by_label("Minutes (PDF or Word)").set_input_files(str(minutes))
    page.get_by_role("button", name="Record the validation").click()
    expect(page.locator("#blockers-heading ~ .alert--success")).to_contain_text(
        "Nothing blocks a final edition"
    )
    check(page, "06-settled")

    # The final edition, in both languages, is compiled and downloaded as PDF and Word.
    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link").click()
    page.get_by_label("Report", exact=True).select_option("regional")
    page.get_by_role("radio", name="English and Arabic").check()
    page.get_by_role("radio", name="Final").check()
    page.get_by_role("button", name="Compile").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    for row in rows.all():
        expect(row.get_by_role("link", name="PDF")).to_be_visible(timeout=120_000)
    check(page, "07-final-editions")
    editions = ReportEdition.objects.filter(mode="final").order_by("language")
    assert [e.language for e in editions] == ["ar", "en"]

    english = rows.filter(has_text="English")
    with page.expect_download() as pdf_download:
        english.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "final.pdf"
    pdf_download.value.save_as(pdf)
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages(pdf)))
    assert "Iraq referred more victims of trafficking than ever before." in printed
    assert "4,400 victims of trafficking were referred." in printed
    assert "Validated by the National Technical Working Group on Migration on 20 May 2026" in (
        printed
    )
    assert "Preview" not in printed

    with page.expect_download() as word_download:
        english.get_by_role("link", name="Word").click()
    word = tmp_path / "final.docx"
    word_download.value.save_as(word)
    document = Document(str(word))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert any(p.startswith("Iraq referred more victims of trafficking") for p in paragraphs)
    assert any(p.style.name == "Heading 1" and p.text == "Foreword" for p in document.paragraphs)

    arabic = rows.filter(has_text="العربية")
    with page.expect_download() as arabic_download:
        arabic.get_by_role("link", name="PDF").click()
    arabic_pdf = tmp_path / "final-ar.pdf"
    arabic_download.value.save_as(arabic_pdf)
    arabic_text = " ".join(pdf_pages(arabic_pdf))
    assert "تصدير" in arabic_text and "Preview" not in arabic_text
    # The Arabic edition prints the reviewed translation, not the English foreword.
    assert "مسبوق" in arabic_text
    assert "Iraq referred more victims" not in arabic_text
