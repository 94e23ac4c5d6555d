"""The translators' pages as a browser sees them: what is marked after a failed save, how
language names sit in the other language's sentences, and what a bad file upload says."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reporting.selectors.translations import SUBMISSION
from reporting.services.submissions import comment_add
from reporting.services.translation_exchange import xliff_export
from reporting.services.translations import MAX_TARGET_CHARS, translation_start
from tests.builders import approve, member, submitted

pytestmark = pytest.mark.django_db

PROGRESS = "Referrals rose to 4,400 in 2023. Shelters opened in Basra."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tina(iom):
    return member("tina", iom, "translator")


@pytest.fixture
def approved(alice, rita, open_cycle, momd):
    return approve(alice, rita, open_cycle, momd, 10, progress=PROGRESS)


def signed_in(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_a_sentence_that_cannot_be_saved_is_marked_and_what_was_typed_stays(
    approved, tina, open_cycle
):
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=approved.pk, language="ar"
    )
    response = signed_in(tina).post(
        reverse("translation_edit", args=[translation.pk]),
        {
            "version": translation.version,
            "target-progress": [
                "ارتفعت الإحالات إلى 4,400 في عام 2023.",
                "ب" * (MAX_TARGET_CHARS + 1),
            ],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ارتفعت الإحالات إلى 4,400 في عام 2023." in page
    assert 'id="error-progress"' in page and '<a href="#field-progress">' in page
    first, second = page.split('id="target-progress-')[1:3]
    assert "aria-invalid" not in first.split(">")[0]
    assert 'aria-invalid="true"' in second.split(">")[0]
    assert "error-progress" in second.split(">")[0]


def test_a_reply_with_a_sentence_missing_is_refused_with_a_message(approved, tina, open_cycle):
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=approved.pk, language="ar"
    )
    response = signed_in(tina).post(
        reverse("translation_edit", args=[translation.pk]),
        {"version": translation.version, "target-progress": ["جملة واحدة."]},
    )
    assert response.status_code == 400
    assert "The text has 2 sentences; 1 were sent." in response.content.decode()


def test_language_and_people_names_are_isolated_from_the_sentence_around_them(
    approved, tina, open_cycle
):
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=approved.pk, language="ar"
    )
    signed_in(tina).post(
        reverse("translation_edit", args=[translation.pk]),
        {"version": translation.version, "target-progress": ["جملة أولى.", ""]},
    )
    name = tina.get_full_name() or tina.username
    editor = signed_in(tina, "ar").get(reverse("translation_edit", args=[translation.pk]))
    assert f"<bdi>{name}</bdi> · " in editor.content.decode()
    queue = signed_in(tina, "ar").get(
        reverse("translation_queue", args=[open_cycle.code, "regional"]) + "?language=ar"
    )
    page = queue.content.decode()
    assert '<bdi><strong><a href="' in page
    assert f"<bdi>{name}</bdi>" in page


def queue_url(cycle, language="ar") -> str:
    return reverse("translation_queue", args=[cycle.code, "regional"]) + f"?language={language}"


def test_the_queue_names_the_edition_in_the_readers_language(approved, tina, open_cycle):
    arabic = signed_in(tina, "ar").get(queue_url(open_cycle)).content.decode()
    assert "ما بقي للترجمة إلى العربية" in arabic
    english = signed_in(tina).get(queue_url(open_cycle)).content.decode()
    assert "Still to translate into Arabic" in english
    # The edition links lead to the queue itself, whichever address drew the page.
    assert f'<a href="{queue_url(open_cycle, "en")}"' in english


def test_an_edition_with_nothing_to_translate_says_so(tina, open_cycle):
    page = signed_in(tina).get(queue_url(open_cycle)).content.decode()
    assert page.count("nothing to translate") == 2
    assert "Complete" not in page


def test_an_upload_without_a_file_is_explained_beside_the_field(tina, open_cycle):
    response = signed_in(tina, "ar").post(
        reverse("xliff_upload", args=[open_cycle.code, "regional"]), {"language": "ar"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "اختر ملف XLIFF المترجَم لفحصه." in page
    assert 'aria-invalid="true"' in page
    # The language switch and the buttons lead back to the queue, not to the upload address.
    assert f'name="next" value="{queue_url(open_cycle)}"' in page


def upload(client, cycle, data: bytes, language="ar"):
    return client.post(
        reverse("xliff_upload", args=[cycle.code, "regional"]),
        {"language": language, "file": SimpleUploadedFile("report.xlf", data)},
        follow=True,
    )


def test_a_cut_short_file_is_explained_in_the_readers_language(approved, tina, open_cycle):
    _name, data = xliff_export(user=tina, cycle=open_cycle, kind="regional", language="ar")
    response = upload(signed_in(tina, "ar"), open_cycle, data[:-40])
    assert response.status_code == 200
    page = response.content.decode()
    assert "الملف ناقص أو تالف: تتعذر قراءته بوصفه XML عند السطر" in page
    assert "Premature end of data" not in page

    response = upload(signed_in(tina, "ar"), open_cycle, b"not xml at all")
    page = response.content.decode()
    assert "هذا ليس ملف XLIFF 2.0: لا يُقرأ بوصفه ملف XML." in page
    assert "Start tag expected" not in page


def test_a_file_for_the_other_edition_names_the_languages_in_the_readers_language(
    approved, tina, open_cycle
):
    _name, data = xliff_export(user=tina, cycle=open_cycle, kind="regional", language="ar")
    response = upload(signed_in(tina, "ar"), open_cycle, data, language="en")
    page = response.content.decode()
    assert "يترجم الملف من الإنكليزية إلى العربية" in page
    assert "English" not in page.split("<main")[1].split("</main>")[0]


def test_the_list_of_reports_shows_how_far_each_edition_has_come(approved, tina, open_cycle):
    page = signed_in(tina).get(reverse("translation_index")).content.decode()
    regional = page.split(open_cycle.title)[1].split("</li></ul>")[0]
    assert "Arabic edition: 0 of 1 contributions, 0 of 0 chapters translated" in regional
    assert f'href="{queue_url(open_cycle)}"' in regional
    assert "nothing to translate" in page


def test_the_writing_page_counts_missing_translations_among_what_blocks_a_final_edition(
    approved, cora, open_cycle, monkeypatch
):
    url = reverse("report_writing", args=[open_cycle.code, "regional"])
    page = signed_in(cora).get(url).content.decode()
    assert "Arabic edition: 0 of 1 contributions and 0 of 0 chapters have a reviewed" in page
    # With nothing else in the way, the English edition may be final; the Arabic may not.
    monkeypatch.setattr("reporting.selectors.editions._blockers", lambda *args: [])
    page = signed_in(cora).get(url).content.decode()
    assert "Arabic edition: 0 of 1 contributions" in page
    assert "Nothing blocks a final edition" not in page
    assert "Nothing else blocks a final edition" in page


def test_a_comment_signature_keeps_the_date_together_in_arabic(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd, 10, progress=PROGRESS)
    comment_add(user=rita, submission_id=submission.pk, field="", body="Please add a source.")
    name = rita.get_full_name() or rita.username
    page = signed_in(rita, "ar").get(reverse("review_detail", args=[submission.pk]))
    assert f"<footer><bdi>{name}</bdi> · " in page.content.decode()


def test_a_refused_start_goes_back_only_to_a_page_of_the_portal(tina, open_cycle, alice, momd):
    draft = submitted(alice, open_cycle, momd, 10, progress=PROGRESS)
    response = signed_in(tina).post(
        reverse("translation_start"),
        {
            "kind": SUBMISSION,
            "object_id": draft.pk,
            "language": "ar",
            "next": "https://example.com/elsewhere",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("translation_index")
    response = signed_in(tina).post(
        reverse("translation_start"),
        {
            "kind": SUBMISSION,
            "object_id": draft.pk,
            "language": "ar",
            "next": queue_url(open_cycle),
        },
    )
    assert response["Location"] == queue_url(open_cycle)
