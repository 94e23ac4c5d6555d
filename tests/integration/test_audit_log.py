"""The security and audit log: what writes an entry, what each entry says, and that nobody,
not even raw SQL, changes or deletes one."""

import ipaddress

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max, ProtectedError
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import reverse

from gcm_portal.audit.models import AppendOnlyError, AuditEntry
from gcm_portal.audit.recording import record
from objectives.models import Objective
from reporting.models import DataTransfer, Event, ReportEdition, Submission
from reporting.services.coordination import assignment_set
from reporting.services.editions import _finish, edition_claim, edition_fail, edition_request
from reporting.services.submissions import submission_transition
from tests.api.conftest import api_client
from tests.builders import submitted
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user) -> Client:
    client = Client(HTTP_USER_AGENT=BROWSER)
    client.force_login(user)
    return client


def mark() -> int:
    """The newest entry's id: the entries a step writes are those after it."""
    return AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0


def written_since(since: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


class _Undo(Exception):
    pass


# --- signing in and out ---------------------------------------------------------------------


def test_signing_in_through_the_page_writes_one_entry(alice):
    since = mark()
    response = Client(HTTP_USER_AGENT=BROWSER).post(
        reverse("login"), {"username": "alice", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    [entry] = written_since(since)
    assert (entry.action, entry.actor, entry.actor_username) == ("login", alice, "alice")
    assert (entry.ip_address, entry.user_agent) == ("127.0.0.1", BROWSER)
    assert entry.at is not None


def test_a_failed_sign_in_keeps_the_name_tried_and_never_the_password(alice):
    since = mark()
    response = Client(HTTP_USER_AGENT=BROWSER).post(
        reverse("login"), {"username": "alice", "password": "not her password"}
    )
    assert response.status_code == 200
    [entry] = written_since(since)
    assert (entry.action, entry.actor, entry.actor_username) == ("login_failed", None, "")
    assert entry.detail == {"username": "alice"}
    assert entry.ip_address == "127.0.0.1"
    assert "not her password" not in str(model_to_dict(entry))


def test_signing_out_writes_one_entry(alice):
    client = client_for(alice)
    since = mark()
    assert client.post(reverse("logout")).status_code == 302
    [entry] = written_since(since)
    assert (entry.action, entry.actor, entry.user_agent) == ("logout", alice, BROWSER)


def test_the_user_agent_is_cut_to_fit(alice):
    since = mark()
    Client(HTTP_USER_AGENT="x" * 1000).post(
        reverse("login"), {"username": "alice", "password": TEST_PASSWORD}
    )
    [entry] = written_since(since)
    assert entry.user_agent == "x" * 300


def test_the_address_is_the_clients_behind_a_trusted_proxy_and_never_garbage(settings, alice):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("172.30.0.10")]
    factory = RequestFactory(REMOTE_ADDR="172.30.0.10")
    forwarded = factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    garbled = factory.get("/", HTTP_X_FORWARDED_FOR="not-an-address")
    direct = factory.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert record("login", actor=alice, request=forwarded).ip_address == "203.0.113.7"
    # Not an address: the proxy it came through, never the text itself.
    assert record("login", actor=alice, request=garbled).ip_address == "172.30.0.10"
    # Not from the proxy: the header is the sender's own claim.
    assert record("login", actor=alice, request=direct).ip_address == "198.51.100.4"


# --- refusals -------------------------------------------------------------------------------


def test_a_403_page_writes_one_permission_denied_entry(ada):
    client = client_for(ada)
    since = mark()
    url = reverse("admin:audit_auditentry_add")
    assert client.get(url).status_code == 403
    [entry] = written_since(since)
    assert (entry.action, entry.actor) == ("permission_denied", ada)
    assert entry.detail == {"path": url, "method": "GET"}
    assert entry.ip_address == "127.0.0.1"


def test_a_403_from_the_api_writes_one_permission_denied_entry(victor, open_cycle):
    url = reverse("api:cycle-editions", args=[open_cycle.code])
    since = mark()
    response = api_client(victor).post(
        url, {"kind": "regional", "languages": ["en"], "mode": "preview"}
    )
    assert response.status_code == 403
    [entry] = written_since(since)
    assert (entry.action, entry.actor) == ("permission_denied", victor)
    assert entry.detail == {"path": url, "method": "POST"}


def test_a_404_for_what_one_may_not_see_writes_nothing(alice, bob, open_cycle, moi):
    hidden = submitted(bob, open_cycle, moi)
    client = client_for(alice)
    since = mark()
    assert client.get(reverse("submission_detail", args=[hidden.pk])).status_code == 404
    assert written_since(since) == []


# --- state changes --------------------------------------------------------------------------


def transition(user, submission, action, reason=""):
    return submission_transition(
        user=user, submission_id=submission.pk, action=action, reason=reason
    )


def test_each_submission_state_change_writes_one_entry(alice, rita, open_cycle, momd):
    since = mark()
    submission = submitted(alice, open_cycle, momd)
    transition(rita, submission, "return", reason="Add figures for 2027.")
    transition(alice, submission, "submit")
    transition(rita, submission, "approve")
    entries = written_since(since)
    assert [
        (
            e.actor_username,
            e.detail["transition"],
            e.detail["from_state"],
            e.detail["to_state"],
        )
        for e in entries
    ] == [
        ("alice", "submit", "draft", "submitted"),
        ("rita", "return", "submitted", "returned"),
        ("alice", "submit", "returned", "submitted"),
        ("rita", "approve", "submitted", "approved"),
    ]
    assert {e.action for e in entries} == {"state_change"}
    assert {(e.object_type, e.object_id) for e in entries} == {
        ("reporting.submission", str(submission.pk))
    }
    assert {e.detail["organisation"] for e in entries} == {momd.pk}
    events = Event.objects.filter(submission=submission).order_by("pk")
    assert [e.detail["event"] for e in entries] == [event.pk for event in events]


def test_a_transition_rolled_back_leaves_no_entry(alice, open_cycle, momd):
    from tests.builders import start_draft

    submission = start_draft(alice, open_cycle, momd)
    since = mark()
    with pytest.raises(_Undo), transaction.atomic():
        transition(alice, submission, "submit")
        raise _Undo
    assert written_since(since) == []
    assert Submission.objects.get(pk=submission.pk).state == "draft"


def test_a_change_that_cannot_be_audited_does_not_happen(alice, open_cycle, momd, monkeypatch):
    from tests.builders import start_draft

    submission = start_draft(alice, open_cycle, momd)

    def broken(*args, **kwargs):
        raise DatabaseError("the audit log is unreachable")

    monkeypatch.setattr("reporting.services.submissions.record", broken)
    with pytest.raises(DatabaseError):
        transition(alice, submission, "submit")
    assert Submission.objects.get(pk=submission.pk).state == "draft"
    assert not Event.objects.filter(submission=submission).exists()


def test_assignments_write_one_entry(cora, open_cycle, moi):
    objective_ids = sorted(
        Objective.objects.filter(number__in=[2, 10]).values_list("pk", flat=True)
    )
    since = mark()
    assignment_set(
        user=cora, cycle=open_cycle, organisation=moi, objective_ids=objective_ids, section_ids=[]
    )
    [entry] = written_since(since)
    assert (entry.action, entry.actor, entry.object_type) == (
        "state_change",
        cora,
        "reporting.reviewcycle",
    )
    assert entry.detail == {
        "assignments_of": moi.pk,
        "objective_ids": objective_ids,
        "section_ids": [],
    }


def test_opening_a_cycle_in_the_admin_writes_one_entry(ada, open_cycle):
    data = {k: ("" if v is None else v) for k, v in model_to_dict(open_cycle).items()}
    data["state"] = "closed"
    client = client_for(ada)
    since = mark()
    url = reverse("admin:reporting_reviewcycle_change", args=[open_cycle.pk])
    assert client.post(url, data).status_code == 302
    [entry] = written_since(since)
    assert (entry.action, entry.actor, entry.object_id) == (
        "state_change",
        ada,
        str(open_cycle.pk),
    )
    assert entry.detail == {"from_state": "open", "to_state": "closed"}


def test_deactivating_an_account_writes_one_entry(alice):
    since = mark()
    alice.first_name = "Alice"
    alice.save()
    alice.is_active = False
    alice.save()
    alice.save()  # already inactive: nothing more
    [entry] = written_since(since)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "user_deactivated",
        "accounts.user",
        str(alice.pk),
    )
    assert entry.detail == {"username": "alice"}


# --- exports, imports and reports -----------------------------------------------------------


def test_an_export_through_the_page_writes_one_entry(cora, open_cycle):
    client = client_for(cora)
    since = mark()
    response = client.post(reverse("spreadsheet_export", args=[open_cycle.code]), {"what": "xlsx"})
    assert response.status_code == 200
    transfer = DataTransfer.objects.get()
    [entry] = written_since(since)
    assert (entry.action, entry.actor, entry.ip_address) == ("export", cora, "127.0.0.1")
    assert (entry.object_type, entry.object_id) == ("reporting.datatransfer", str(transfer.pk))
    assert entry.detail["format"] == "xlsx" and entry.detail["cycle"] == open_cycle.pk
    assert entry.detail["sha256"] == transfer.sha256


def test_an_import_check_through_the_page_writes_one_entry(cora, open_cycle):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cora)
    since = mark()
    response = client.post(
        reverse("import_upload", args=[open_cycle.code]),
        {"file": SimpleUploadedFile("strategy.xlsx", b"not a workbook")},
    )
    assert response.status_code == 302
    transfer = DataTransfer.objects.get()
    [entry] = written_since(since)
    assert (entry.action, entry.actor, entry.object_id) == ("import", cora, str(transfer.pk))
    assert entry.detail["state"] == "rejected"


def test_a_compile_writes_its_request_and_its_outcome(cora, open_cycle, monkeypatch):
    monkeypatch.setattr("reporting.services.editions._enqueue", lambda pk: None)
    monkeypatch.setattr("reporting.services.editions._notify_requester", lambda pk: None)
    client = client_for(cora)
    since = mark()
    response = client.post(
        reverse("report_editions", args=[open_cycle.code]),
        {"kind": "regional", "language": "en", "mode": "preview"},
    )
    assert response.status_code == 302
    edition = ReportEdition.objects.get()
    [requested] = written_since(since)
    assert (requested.action, requested.actor, requested.object_id) == (
        "report_requested",
        cora,
        str(edition.pk),
    )
    assert requested.detail == {
        "cycle": open_cycle.code,
        "kind": "regional",
        "language": "en",
        "mode": "preview",
        "via": "page",
    }

    # The worker finishes it: no request, the requester is the actor.
    since = mark()
    claim = edition_claim(edition_id=edition.pk)
    _finish(claim, b"%PDF-1.4 test", 3, [], docx=b"PK test")
    [finished] = written_since(since)
    assert (finished.action, finished.actor, finished.ip_address) == (
        "report_finished",
        cora,
        None,
    )
    assert finished.detail["page_count"] == 3

    again = edition_request(
        user=cora, cycle=open_cycle, kind="regional", languages=["ar"], mode="preview"
    )[0]
    since = mark()
    edition_fail(edition_id=again.pk, reason="The fonts are missing.")
    edition_fail(edition_id=again.pk, reason="Failed already: nothing to record.")
    [failed] = written_since(since)
    assert (failed.action, failed.actor, failed.object_id) == (
        "report_failed",
        cora,
        str(again.pk),
    )
    assert failed.detail == {"reason": "The fonts are missing."}


# --- append-only ----------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete_an_entry(alice):
    entry = record("export", actor=alice, note="first")
    entry.detail = {"note": "rewritten"}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail={})
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["detail"])
    with pytest.raises(ProtectedError):
        alice.delete()  # deactivate, never delete: her entries keep pointing at her
    assert AuditEntry.objects.get(pk=entry.pk).detail == {"note": "first"}


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET actor_username = 'mallory' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_sql_that_changes_or_deletes_an_entry(alice, sql):
    entry = record("login", actor=alice)
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).actor_username == "alice"


def test_unknown_actions_are_refused(alice):
    with pytest.raises(ValueError):
        record("logged_in", actor=alice)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_the_log_and_closes_the_way_behind_it(alice):
    record("login", actor=alice)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    entry = AuditEntry.objects.create(action="login", actor_username="someone")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    # The flush after this test empties the log again.


# --- the admin ------------------------------------------------------------------------------


def test_the_superuser_reads_the_log_in_the_admin(ada, alice):
    entry = record("login", actor=alice, request=RequestFactory().get("/"))
    client = client_for(ada)
    changelist = reverse("admin:audit_auditentry_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert "alice" in response.content.decode()
    for query in (
        {"q": "alice"},
        {"q": "127.0.0.1"},
        {"q": str(entry.pk)},
        {"action__exact": "login"},
        {"at__year": entry.at.year},
    ):
        assert client.get(changelist, query).status_code == 200, query
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200


def test_nobody_adds_changes_or_deletes_entries_in_the_admin(ada, alice):
    entry = record("login", actor=alice)
    client = client_for(ada)
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(change, {"actor_username": "mallory"}).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).actor_username == "alice"
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = ada
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_the_log_is_hidden_from_everyone_else(alice, cora):
    from tests.factories import UserFactory

    changelist = reverse("admin:audit_auditentry_changelist")
    response = client_for(alice).get(changelist)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    staff = UserFactory(username="sam", is_staff=True)
    assert client_for(staff).get(changelist).status_code == 403
    assert client_for(cora).get(changelist).status_code == 302


def test_a_compile_from_the_command_line_is_recorded_like_the_pages(
    open_cycle, monkeypatch, tmp_path, settings
):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("reporting.services.editions._notify_requester", lambda pk: None)
    since = mark()
    call_command(
        "compile_report",
        cycle=open_cycle.code,
        kind="regional",
        lang="en",
        out=str(tmp_path / "r.pdf"),
    )
    edition = ReportEdition.objects.get()
    actions = [(e.action, e.actor, e.object_id) for e in written_since(since)]
    assert actions == [
        ("report_requested", None, str(edition.pk)),
        ("report_finished", None, str(edition.pk)),
    ]
    requested = AuditEntry.objects.get(action="report_requested")
    assert requested.detail["via"] == "command line"
