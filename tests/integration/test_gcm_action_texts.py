"""The official texts of the GCM's lettered actions: loaded from a CSV file (command or admin
page), all or nothing, and shown wherever an action's code is, with its objective until then."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from objectives.models import Action
from reporting.pdf.context import build_report
from tests.builders import approve

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "objectives" / "data" / "gcm_actions_sample.csv"
TEXT_4A = "Test text of action 4(a), standing in for the official one."


def csv_file(tmp_path, lines: list[str]) -> str:
    path = tmp_path / "actions.csv"
    path.write_text("\n".join(["number,letter,text_en,text_ar", *lines]) + "\n", "utf-8")
    return str(path)


def test_the_sample_file_loads_and_says_it_is_a_placeholder(capsys):
    call_command("load_gcm_actions", str(SAMPLE))
    assert "Texts loaded for 2 GCM actions." in capsys.readouterr().out
    action = Action.objects.get(objective__number=1, letter="a")
    assert action.text_en.startswith("PLACEHOLDER, NOT THE OFFICIAL TEXT")
    assert action.text_ar.startswith("نص تجريبي")


def test_one_wrong_line_loads_nothing_and_every_problem_is_named(tmp_path):
    path = csv_file(
        tmp_path,
        [
            f'4,a,"{TEXT_4A}",',
            "4,z,Unknown letter,",
            "24,a,Unknown objective,",
            '4,b,"",',
            f'4,a,"{TEXT_4A}",',
        ],
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_gcm_actions", path)
    message = str(refused.value)
    assert "Line 3: 4(z) is not a GCM action." in message
    assert "Line 4: 24(a) is not a GCM action." in message
    assert "Line 5: the English text of 4(b) is empty." in message
    assert "Line 6: 4(a) is in the file twice." in message
    assert Action.objects.exclude(text_en="").count() == 0


def test_a_file_with_other_columns_is_refused(tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text("objective,letter,text\n4,a,x\n", "utf-8")
    with pytest.raises(CommandError, match="must name the columns number, letter"):
        call_command("load_gcm_actions", str(path))


def test_the_admin_page_loads_a_file_and_lists_what_is_wrong(ada):
    client = Client()
    client.force_login(ada)
    url = reverse("admin:objectives_action_load_texts")
    assert url in client.get(reverse("admin:objectives_action_changelist")).content.decode()
    bad = SimpleUploadedFile("a.csv", b"number,letter,text_en,text_ar\n4,q,x,\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "4(q) is not a GCM action." in response.content.decode()
    good = SimpleUploadedFile(
        "a.csv", f'number,letter,text_en,text_ar\n4,a,"{TEXT_4A}",نص\n'.encode()
    )
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert Action.objects.get(objective__number=4, letter="a").text_en == TEXT_4A


def test_an_action_shows_its_text_or_its_objective_never_the_code_alone(
    alice, rita, victor, open_cycle, momd
):
    action = Action.objects.get(objective__number=10, letter="a")
    submission = approve(alice, rita, open_cycle, momd, 10, gcm_action_ids=[action.pk])
    client = Client()
    client.force_login(victor)
    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert "under objective 10:" in page
    report = build_report(cycle=open_cycle, kind="regional", language="en", preview=True)
    [chapter] = [
        c for g in report.chapters for grp in g.groups for c in grp.objectives if c.number == 10
    ]
    assert chapter.gcm_actions == [("10(a)", action.described)]
    Action.objects.filter(pk=action.pk).update(text_en="Official text of 10(a).")
    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert "Official text of 10(a)." in page
    report = build_report(cycle=open_cycle, kind="regional", language="en", preview=True)
    [chapter] = [
        c for g in report.chapters for grp in g.groups for c in grp.objectives if c.number == 10
    ]
    assert chapter.gcm_actions == [("10(a)", "Official text of 10(a).")]
