"""Official Arabic titles replace the working translations: loaded from a file in the format
of the framework data, all or nothing."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from objectives.models import Objective, Principle, StakeholderType

pytestmark = pytest.mark.django_db


def test_the_framework_data_loads_every_stakeholder_type_as_a_working_translation():
    assert StakeholderType.objects.count() == 13
    migrants = StakeholderType.objects.get(code="migrants")
    assert (migrants.title_en, migrants.title_ar, migrants.arabic_status) == (
        "Migrants",
        "المهاجرون",
        "working",
    )


def write(tmp_path, data) -> str:
    path = tmp_path / "official.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_loading_the_official_text_replaces_the_working_translation(tmp_path, capsys):
    call_command(
        "load_official_arabic",
        write(
            tmp_path,
            {
                "note": "Official text of A/RES/73/195.",
                "objectives": {"1": {"title_ar": "نص رسمي للهدف 1", "short_label_ar": "البيانات"}},
                "guiding_principles": {"a": {"title_ar": "نص رسمي للمبدأ"}},
                "stakeholder_types_para_44": {"migrants": "المهاجرون (رسمي)"},
            },
        ),
    )
    assert "1 objectives, 1 guiding principles, 1 stakeholder types" in capsys.readouterr().out
    first = Objective.objects.get(number=1)
    assert (first.title_ar, first.arabic_status) == ("نص رسمي للهدف 1", "official")
    assert Objective.objects.get(number=2).arabic_status == "working"
    assert Principle.objects.get(letter="a").arabic_status == "official"
    assert StakeholderType.objects.get(code="migrants").title_ar == "المهاجرون (رسمي)"


@pytest.mark.parametrize(
    "data, says",
    [
        ({"objectives": {"24": {"title_ar": "هدف"}}}, "'24' is not one of the 23 objectives"),
        ({"objectives": {"1": {"title_ar": " "}}}, "Objective 1: the Arabic title is empty"),
        ({"guiding_principles": {"z": {"title_ar": "مبدأ"}}}, "'z' is not one of the 10"),
        ({"stakeholder_types_para_44": {"robots": "آلات"}}, "'robots' is not in GCM paragraph 44"),
        ({"titles": {}}, "Unknown section 'titles'"),
    ],
)
def test_a_wrong_file_loads_nothing(tmp_path, data, says):
    # A good entry beside the wrong one is not loaded either.
    data = {
        **data,
        "guiding_principles": {**data.get("guiding_principles", {}), "a": {"title_ar": "x"}},
    }
    with pytest.raises(CommandError, match=says):
        call_command("load_official_arabic", write(tmp_path, data))
    assert not Principle.objects.filter(arabic_status="official").exists()


def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_official_arabic", str(path))
