"""XLIFF 2.0 out to translators' tools and back: export, translate, dry run, commit; and every
refusal, reported by unit before anything is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from reporting.models import DataTransfer, Translation
from reporting.selectors.editions import report_contents
from reporting.selectors.translations import Status
from reporting.services.submissions import submission_transition
from reporting.services.translation_exchange import xliff_check, xliff_commit, xliff_export
from reporting.xliff import NAMESPACE
from tests.builders import approve, member, save_narratives

pytestmark = pytest.mark.django_db

NS = {"x": NAMESPACE}
PROGRESS = "Referrals rose to 4,400 [cite:{cited}]. Shelters opened in Basra."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tina(iom):
    return member("tina", iom, "translator")


@pytest.fixture
def texts(alice, carol, rita, open_cycle, momd, cso):
    cited = approve(carol, rita, open_cycle, cso, 7, progress="Workers were helped.")
    main = approve(alice, rita, open_cycle, momd, 10, progress=PROGRESS.format(cited=cited.pk))
    return {"main": main, "cited": cited}


def translate_with_a_script(data: bytes, prefix="ترجمة") -> bytes:
    """What a CAT tool does: a target for every segment, citations kept."""
    root = etree.fromstring(data)
    for segment in root.iterfind(".//x:segment", NS):
        source = segment.find("x:source", NS).text
        target = etree.SubElement(segment, f"{{{NAMESPACE}}}target")
        citation = (
            source[source.index("[cite:") : source.index("]") + 1] if "[cite:" in source else ""
        )
        target.text = f"{prefix}: {len(source)} {citation}".strip() + "."
        segment.set("state", "translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def upload(data: bytes, name="report-ar.xlf"):
    return SimpleUploadedFile(name, data, content_type="application/xliff+xml")


def check(user, cycle, data, language="ar"):
    return xliff_check(
        user=user,
        cycle=cycle,
        kind="regional",
        language=language,
        upload=upload(data),
        interface_language="en",
    )


def test_round_trip_export_translate_check_commit(texts, tina, open_cycle):
    name, data = xliff_export(user=tina, cycle=open_cycle, kind="regional", language="ar")
    assert name == f"{open_cycle.code}-regional-en-ar.xlf"
    root = etree.fromstring(data)
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "ar")
    units = root.findall(".//x:unit", NS)
    assert sorted(unit.get("id") for unit in units) == sorted(
        [f"s{texts['main'].pk}-progress", f"s{texts['cited'].pk}-progress"]
    )
    assert "Ministry of Migration and Displaced · Objective 10" in data.decode()

    translated = translate_with_a_script(data)
    dry_run = check(tina, open_cycle, translated)
    assert dry_run.state == DataTransfer.State.CHECKED, dry_run.summary["problems"]
    assert (dry_run.summary["sentences"], dry_run.summary["texts"]) == (3, 2)
    assert not Translation.objects.exists()  # a dry run saves nothing

    commit = xliff_commit(
        user=tina, transfer_id=dry_run.pk, sha256=dry_run.sha256, interface_language="en"
    )
    assert commit.state == DataTransfer.State.COMMITTED
    main = Translation.objects.get(submission=texts["main"])
    assert [row["origin"] for row in main.segments["progress"]] == ["import", "import"]
    assert main.segments["progress"][0]["target"].endswith(f"[cite:{texts['cited'].pk}].")
    assert main.state == "draft" and main.translated_by == tina
    needs = report_contents(cycle=open_cycle, kind="regional").translations("ar")
    assert {need.status for need in needs.items} == {Status.DRAFT}
    # The same file twice: refused, nothing more saved.
    again = xliff_commit(
        user=tina, transfer_id=dry_run.pk, sha256=dry_run.sha256, interface_language="en"
    )
    assert again.state == DataTransfer.State.REFUSED


def test_every_problem_is_reported_by_unit_and_nothing_is_saved(texts, tina, open_cycle):
    _name, data = xliff_export(user=tina, cycle=open_cycle, kind="regional", language="ar")
    root = etree.fromstring(translate_with_a_script(data))
    units = root.findall(".//x:unit", NS)
    main_unit = next(u for u in units if u.get("id") == f"s{texts['main'].pk}-progress")
    # A citation dropped from the first sentence's translation.
    first = main_unit.find("x:segment/x:target", NS)
    first.text = "ارتفعت الإحالات."
    # A unit the portal never exported.
    stranger = etree.SubElement(
        root.find("x:file", NS), f"{{{NAMESPACE}}}unit", id="s999999-progress"
    )
    segment = etree.SubElement(stranger, f"{{{NAMESPACE}}}segment", id="1")
    etree.SubElement(segment, f"{{{NAMESPACE}}}source").text = "Unknown."
    etree.SubElement(segment, f"{{{NAMESPACE}}}target").text = "مجهول."
    dry_run = check(tina, open_cycle, etree.tostring(root))
    assert dry_run.state == DataTransfer.State.REJECTED
    problems = {p["unit"]: p["message"] for p in dry_run.summary["problems"]}
    assert "citations" in problems[f"s{texts['main'].pk}-progress::1"]
    assert "not waiting for a translation" in problems["s999999-progress::1"]
    refused = xliff_commit(
        user=tina, transfer_id=dry_run.pk, sha256=dry_run.sha256, interface_language="en"
    )
    assert refused.state == DataTransfer.State.REFUSED
    assert not Translation.objects.exists()


def test_a_source_changed_since_the_export_is_refused(texts, tina, open_cycle, alice, rita, moi):
    _name, data = xliff_export(user=tina, cycle=open_cycle, kind="regional", language="ar")
    translated = translate_with_a_script(data)
    main = texts["main"]
    outsider = member("omar", moi, "coordinator")
    submission_transition(user=outsider, submission_id=main.pk, action="reopen", reason="Figures")
    save_narratives(
        alice,
        main,
        progress=PROGRESS.format(cited=texts["cited"].pk).replace("Basra", "Erbil"),
    )
    submission_transition(user=alice, submission_id=main.pk, action="submit")
    submission_transition(user=rita, submission_id=main.pk, action="approve")
    dry_run = check(tina, open_cycle, translated)
    problems = {p["unit"]: p["message"] for p in dry_run.summary["problems"]}
    assert list(problems) == [f"s{main.pk}-progress::2"]
    assert "changed since the file was exported" in problems[f"s{main.pk}-progress::2"]
    assert "Erbil" in problems[f"s{main.pk}-progress::2"]


def test_a_file_in_the_wrong_language_is_refused(texts, tina, open_cycle):
    _name, data = xliff_export(user=tina, cycle=open_cycle, kind="regional", language="ar")
    wrong = translate_with_a_script(data).replace(b'trgLang="ar"', b'trgLang="fr"')
    dry_run = check(tina, open_cycle, wrong)
    [problem] = dry_run.summary["problems"]
    assert "from English into fr" in problem["message"]


@pytest.mark.parametrize(
    "data, says",
    [
        (b"not xml at all", "not an XLIFF 2.0 file"),
        (b'<?xml version="1.0"?><xliff version="1.2"><file/></xliff>', "not an XLIFF 2.0 file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<xliff version="2.0" srcLang="en" trgLang="ar"><file id="f">&e;</file></xliff>',
            "document type",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_a_reason(texts, tina, open_cycle, data, says):
    dry_run = check(tina, open_cycle, data)
    assert dry_run.state == DataTransfer.State.REJECTED
    assert says in dry_run.summary["problems"][0]["message"]


def test_only_translators_exchange_files(texts, alice, open_cycle):
    from django.http import Http404

    with pytest.raises(Http404):
        xliff_export(user=alice, cycle=open_cycle, kind="regional", language="ar")
