"""The consultations API: the coordinator records, reads, replaces, changes and deletes a
cycle's consultations; what is wrong is a 400 naming the fields; lists make a fixed number of
queries; the schema documents every operation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import Consultation, LayoutChapter
from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def record(**changes) -> dict:
    data = {
        "title": "National technical working group",
        "language": "en",
        "starts_on": "2028-02-10",
        "ends_on": "2028-02-11",
        "format": "in_person",
        "place": "Baghdad",
        "organiser_name": "Ministry of Migration and Displaced",
        "objectives": [1, 7],
        "chapters": [LayoutChapter.objects.get(layout__kind="regional", code="methodology").pk],
        "participants": [
            {"stakeholder_type": "government", "women": 4, "men": 6},
            {"stakeholder_type": "civil society", "women": 3, "men": 2, "not_stated": 1},
        ],
        "kurdistan_region_took_part": True,
        "how_input_was_used": "Figures corrected.",
    }
    data.update(changes)
    return data


def url(cycle) -> str:
    return f"/api/v1/cycles/{cycle.code}/consultations/"


def test_record_read_change_and_delete(cora, open_cycle):
    client = api_client(cora)
    created = client.post(url(open_cycle), record(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["cycle"] == open_cycle.code and body["objectives"] == [1, 7]
    assert body["participants"][0] == {
        "stakeholder_type": "government",
        "women": 4,
        "men": 6,
        "not_stated": 0,
        "total": 10,
    }
    detail = f"/api/v1/consultations/{body['id']}/"
    assert client.get(detail).json() == body

    changed = client.patch(detail, {"place": "Erbil", "objectives": [23]}, format="json")
    assert changed.status_code == 200
    assert changed.json()["place"] == "Erbil" and changed.json()["objectives"] == [23]
    assert changed.json()["participants"] == body["participants"]  # kept
    assert changed.json()["version"] == 2

    replaced = client.put(detail, record(format="online", place="", participants=[]))
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["participants"] == [] and replaced.json()["objectives"] == [1, 7]

    upload = client.post(
        f"{detail}inputs/", {"file": SimpleUploadedFile("notes.pdf", PDF)}, format="multipart"
    )
    assert upload.status_code == 201
    download = client.get(upload.json()["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")

    listed = client.get(url(open_cycle)).json()
    assert listed["count"] == 1 and listed["results"][0]["inputs"][0]["name"] == "notes.pdf"
    assert client.delete(detail).status_code == 204
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"participants": [{"stakeholder_type": "government", "women": -1}]}, "participants"),
        ({"participants": [{"stakeholder_type": "government", "women": 2.5}]}, "participants"),
        ({"participants": [{"stakeholder_type": "astronauts", "women": 1}]}, "participants"),
        ({"ends_on": "2028-02-01"}, "ends_on"),
        ({"format": "in_person", "place": ""}, "place"),
        ({"format": "carrier pigeon"}, "format"),
        ({"organiser_name": ""}, "organiser"),
        ({"objectives": [24]}, "objectives"),
        ({"chapters": [987654]}, "chapters"),
        ({"starts_on": "not a date"}, "starts_on"),
    ],
)
def test_what_is_wrong_is_a_400_naming_the_field(cora, open_cycle, changes, field):
    response = api_client(cora).post(url(open_cycle), record(**changes), format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert any(name.split(".")[0] == field for name in error["fields"]), error
    assert not Consultation.objects.exists()


def test_a_bad_file_is_refused(cora, open_cycle):
    client = api_client(cora)
    created = client.post(url(open_cycle), record(), format="json").json()
    response = client.post(
        f"/api/v1/consultations/{created['id']}/inputs/",
        {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a document")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_messages_are_in_the_caller_s_language(cora, open_cycle):
    response = api_client(cora).post(
        url(open_cycle), record(ends_on="2028-01-01"), format="json", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 400
    from django.utils import translation

    with translation.override("ar"):
        expected = translation.gettext("The consultation cannot end before it starts.")
    assert response.json()["error"]["fields"]["ends_on"] == [expected]


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_makes_a_fixed_number_of_queries(
    cora, open_cycle, django_assert_num_queries, count
):
    client = api_client(cora)
    for number in range(count):
        client.post(url(open_cycle), record(title=f"Meeting {number}"), format="json")
    # the token; the cycle; roles; the count; the page; prefetched: objectives, chapters,
    # participants, inputs, changed contributions, changed chapters
    with django_assert_num_queries(1 + 1 + 1 + 2 + 6):
        response = client.get(url(open_cycle))
    assert response.json()["count"] == count


def test_the_schema_documents_every_consultation_operation(alice):
    schema = api_client(alice).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    operations = {
        ("/api/v1/cycles/{code}/consultations/", "get"),
        ("/api/v1/cycles/{code}/consultations/", "post"),
        ("/api/v1/consultations/{consultation_id}/", "get"),
        ("/api/v1/consultations/{consultation_id}/", "put"),
        ("/api/v1/consultations/{consultation_id}/", "patch"),
        ("/api/v1/consultations/{consultation_id}/", "delete"),
        ("/api/v1/consultations/{consultation_id}/inputs/", "post"),
        ("/api/v1/consultation-inputs/{input_id}/download/", "get"),
    }
    for path, method in operations:
        assert paths[path][method]["summary"], (path, method)
    participants = schema["components"]["schemas"]["Participants"]["properties"]
    assert participants["women"]["minimum"] == 0
    upload = paths["/api/v1/consultations/{consultation_id}/inputs/"]["post"]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]


def test_a_change_of_part_still_needs_each_participant_row_s_type(cora, open_cycle):
    client = api_client(cora)
    created = client.post(url(open_cycle), record(), format="json").json()
    response = client.patch(
        f"/api/v1/consultations/{created['id']}/",
        {"participants": [{"women": 3}]},
        format="json",
    )
    assert response.status_code == 400
    assert "participants" in response.json()["error"]["fields"]
