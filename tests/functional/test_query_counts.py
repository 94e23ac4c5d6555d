"""Each reporting page makes a fixed number of queries, however much data there is.

Every page is measured twice: on a small world built through the services, and on the same
world with ten times the organisations, assignments and submissions (with their revisions,
comments, events, indicator values and evidence), added in bulk. The count must be the same:
a page whose queries grow with the data has an N+1 somewhere. The catalogue pages are pinned
in test_pages.py.
"""

import dataclasses
import datetime
import itertools
from collections import defaultdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gcm_portal.accounts.models import Membership, Organisation, User
from objectives.models import (
    Action,
    Indicator,
    Objective,
    Pillar,
    Principle,
    Strategy,
    StrategyAction,
)
from reporting.models import (
    Assignment,
    Comment,
    Event,
    Evidence,
    IndicatorValue,
    ReportSection,
    Revision,
    Submission,
)
from reporting.services.submissions import (
    IndicatorEntry,
    comment_add,
    comment_address,
    draft_of,
    submission_save_draft,
    submission_transition,
)
from reporting.services.uploads import evidence_add
from tests.builders import assign, start_draft, submitted
from tests.support import signed_in_queries

pytestmark = pytest.mark.django_db

SCALE = 10
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# --- the small world ----------------------------------------------------------------------


@pytest.fixture
def world(
    settings, tmp_path, open_cycle, momd, moi, cso, alice, bob, carol, rita, cora, victor, ada
):
    """MoMD's report on objective 10 in its second round, plus a CSO draft and an approval."""
    settings.MEDIA_ROOT = tmp_path
    strategy = Strategy.objects.create(code="nmms", title_en="Strategy")
    pillar = Pillar.objects.create(strategy=strategy, code="1", title_en="Data", position=1)
    led = StrategyAction.objects.create(
        pillar=pillar, code="1.1", title_en="Referral", lead_organisation=momd
    )
    StrategyAction.objects.create(
        pillar=pillar, code="1.2", title_en="Data", lead_organisation=moi
    )
    led.objectives.set(Objective.objects.filter(number=10))
    counted = Indicator.objects.create(
        code="Q-10-1",
        name_en="Victims referred",
        kind="number",
        objective_id=10,
        disaggregations=["sex"],
    )
    share = Indicator.objects.create(
        code="Q-10-2", name_en="Share", kind="percent", objective_id=10
    )
    section = ReportSection.objects.filter(collects_submissions=True).first()
    assign(open_cycle, momd, section=section.code)
    main = start_draft(
        alice,
        open_cycle,
        momd,
        objective=10,
        principle_ids=list(Principle.objects.values_list("pk", flat=True)[:2]),
        gcm_action_ids=list(
            Action.objects.filter(objective_id=10).values_list("pk", flat=True)[:2]
        ),
        linked_strategy_action_ids=[led.pk],
        indicator_values=[
            IndicatorEntry(
                counted.pk,
                value="120",
                breakdown=[{"dimension": "sex", "category": "female", "value": "70"}],
            ),
            IndicatorEntry(share.pk, value="45"),
        ],
    )
    upload = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    evidence_add(user=alice, submission_id=main.pk, upload=upload)

    def act(user, action, reason=""):
        submission_transition(user=user, submission_id=main.pk, action=action, reason=reason)

    act(alice, "submit")
    source = comment_add(user=rita, submission_id=main.pk, field="progress", body="Source?")
    act(rita, "return", "Give the source.")
    comment_address(user=alice, comment_id=source.pk, note="MoMD records.")
    main.refresh_from_db()
    submission_save_draft(
        user=alice,
        submission_id=main.pk,
        base_version=main.version,
        draft=dataclasses.replace(
            draft_of(main), narratives={"progress": "Ninewa and Basra (MoMD records)."}
        ),
    )
    act(alice, "submit")
    comment_add(user=rita, submission_id=main.pk, field="", body="Better.")
    start_draft(carol, open_cycle, cso, objective=10)
    approved = submitted(bob, open_cycle, moi, objective=5)
    submission_transition(user=rita, submission_id=approved.pk, action="approve")
    return {
        "cycle": open_cycle,
        "main": Submission.objects.get(pk=main.pk),
        "approved": approved,
        "momd": momd,
    }


# --- ten times more -----------------------------------------------------------------------


def scale_up(world, factor: int = SCALE) -> None:
    """Add (factor - 1) times the world's organisations and work, in bulk, around the same page.

    New ministries and CSOs, each with a focal point, assignments, a led strategy action and
    submissions in every state with revisions, events, comments, indicator values and
    evidence; more of the same for MoMD (alice's lists); and more revisions, comments, events,
    evidence, indicator values and links on the submission the detail pages show.
    """
    cycle, main, momd = world["cycle"], world["main"], world["momd"]
    now = timezone.now()
    people = {u.username: u for u in User.objects.all()}
    rita, alice = people["rita"], people["alice"]
    count = Organisation.objects.count() * (factor - 1)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"scaled-{n}",
            name_en=f"Scaled organisation {n}",
            kind=Organisation.Kind.CSO if n % 2 else Organisation.Kind.MINISTRY,
            stakeholder_type="civil society" if n % 2 else "",
        )
        for n in range(count)
    )
    focal_points = User.objects.bulk_create(
        User(username=f"focal-{n}", password="!") for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=o, role=Membership.Role.FOCAL_POINT)
        for u, o in zip(focal_points, organisations, strict=True)
    )
    # Alice also reports for one of the new ministries and reads for two more organisations.
    Membership.objects.bulk_create(
        Membership(user=alice, organisation=o, role=role)
        for o, role in zip(organisations[:3], ["focal_point", "viewer", "viewer"], strict=True)
    )
    pillar = Pillar.objects.get()
    led = StrategyAction.objects.bulk_create(
        StrategyAction(
            pillar=pillar, code=f"9.{n}", title_en=f"Action {n}", lead_organisation=organisation
        )
        for n, organisation in enumerate([momd] * factor + organisations[::2])
    )
    objectives = list(Objective.objects.order_by("number"))
    added = Indicator.objects.bulk_create(
        Indicator(
            code=f"S-{o.number}-{n}",
            name_en=f"Indicator {n}",
            kind="number",
            disaggregations=["sex"],
        )
        for o in objectives
        for n in range(factor)
    )
    Indicator.objectives.through.objects.bulk_create(
        Indicator.objectives.through(indicator=indicator, objective=o)
        for indicator, o in zip(
            added, [o for o in objectives for _n in range(factor)], strict=True
        )
    )
    sections = list(ReportSection.objects.filter(collects_submissions=True))
    assignments = [
        Assignment(cycle=cycle, organisation=o, objective=objectives[(i + k) % 20])
        for i, o in enumerate(organisations)
        for k in range(3)
    ]
    assignments += [
        Assignment(cycle=cycle, organisation=o, section=sections[i % len(sections)])
        for i, o in enumerate(organisations)
    ]
    taken = set(
        Assignment.objects.filter(cycle=cycle, organisation=momd).values_list(
            "objective_id", flat=True
        )
    )
    extra_for_momd = [o for o in objectives if o.pk not in taken][: factor - 1]
    assignments += [
        Assignment(cycle=cycle, organisation=momd, objective=o) for o in extra_for_momd
    ]
    Assignment.objects.bulk_create(assignments)
    subjects = [
        (a.organisation_id, "objective" if a.objective_id else "section", a) for a in assignments
    ] + [(action.lead_organisation_id, "strategy_action", action) for action in led]
    states = itertools.cycle(Submission.State.values)
    submissions = Submission.objects.bulk_create(
        Submission(
            cycle=cycle,
            organisation_id=organisation_id,
            subject_kind=kind,
            objective_id=subject.objective_id if kind == "objective" else None,
            section_id=subject.section_id if kind == "section" else None,
            strategy_action_id=subject.pk if kind == "strategy_action" else None,
            state=next(states),
            progress="Scaled progress.",
            implementation_status="in_progress",
            created_by=rita,
            updated_by=rita,
            submitted_at=now - datetime.timedelta(days=1),
        )
        for organisation_id, kind, subject in subjects
    )
    content = main.revisions.order_by("-number").first().content
    _add_history(submissions, now=now, actor=rita, content=content, rounds=2)
    _add_history([main], now=now, actor=rita, content=content, rounds=factor, first=3)
    main.principles.set(Principle.objects.all())
    main.gcm_actions.set(Action.objects.filter(objective_id=10))
    main.linked_strategy_actions.set(StrategyAction.objects.all())
    IndicatorValue.objects.bulk_create(
        IndicatorValue(submission=main, indicator=i, value="7")
        for i in Indicator.objects.filter(objectives=10).exclude(values__submission=main)
    )


def _add_history(submissions, *, now, actor, content: dict, rounds: int, first: int = 1) -> None:
    """Give each submission revisions first..first+rounds-1, each with events and comments."""
    revisions = Revision.objects.bulk_create(
        Revision(
            submission=s,
            number=n,
            content=content,
            language="en",
            submitted_by=actor,
            submitted_at=now,
        )
        for s in submissions
        for n in range(first, first + rounds)
    )
    Event.objects.bulk_create(
        Event(
            submission=r.submission,
            action=action,
            from_state=from_state,
            to_state=to_state,
            actor=actor,
            revision=r,
        )
        for r in revisions
        for action, from_state, to_state in (
            ("submit", "draft", "submitted"),
            ("return", "submitted", "returned"),
        )
    )
    Comment.objects.bulk_create(
        Comment(submission=r.submission, revision=r, field=field, body="Scaled.", author=actor)
        for r in revisions
        for field in ("", "progress", "challenges")
    )
    Evidence.objects.bulk_create(
        Evidence(
            submission=r.submission,
            file=f"evidence/scaled-{r.pk}.pdf",
            original_name=f"scaled-{r.pk}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            uploaded_by=actor,
        )
        for r in revisions
    )
    scaled = defaultdict(list)
    for indicator in Indicator.objects.filter(code__startswith="S-").order_by("code"):
        scaled[indicator.objective_id].append(indicator)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(submission=s, indicator=i, value="3")
        for s in {r.submission for r in revisions}
        for i in scaled[s.objective_id][:2]
        if s.objective_id
    )


# --- the pages ----------------------------------------------------------------------------

# Home with an open cycle, beyond signed_in_queries(): memberships with their organisations;
# the open cycle; all cycles; then one panel per role.
# Every home page: memberships, the open cycle, the cycles (3) and the report chapters the
# user was named to draft (1).
HOME = {
    # strategy actions her organisations lead; and "my reporting" (who is asked to report on
    # what): their assignments with organisations, objectives and sections; the strategy
    # actions they lead, with the lead; their submissions with counts of comments to address
    "alice": 4 + 4,
    "bob": 4 + 4,
    "carol": 4 + 4,
    # nothing more
    "rita": 4,
    # organisations with their numbers of focal points
    "cora": 4 + 1,
    # nothing more
    "victor": 4,
    # organisations with their numbers of focal points
    "ada": 4 + 1,
}


def _main(world) -> list:
    return [world["main"].pk]


def _approved(world) -> list:
    return [world["approved"].pk]


def _cycle(world) -> list:
    return [world["cycle"].code]


def _approved_revision(world) -> list:
    return [world["approved"].revisions.get(approved_at__isnull=False).pk]


# name, who, url arguments, queries beyond signed_in_queries()
PAGES = [
    # the open cycle; her organisations' assignments with organisations and subjects; the
    # strategy actions they lead, with the lead; their submissions with comment counts; the
    # cycles
    ("my_reporting", "alice", None, 5),
    # the submission, within what she may see, with its cycle, organisation and subject;
    # form choices: the objective's GCM actions, principles, strategy actions, indicators,
    # their SDG indicators, the disaggregation categories with their dimensions; the saved
    # draft: indicator values, principles, GCM actions, strategy actions; the revisions; the
    # review conversations (with authors, who answered and resolved them) and their replies;
    # the evidence
    ("submission_edit", "alice", _main, 15),
    # the submission, within what she may see, with cycle, organisation, subject, updater;
    # prefetched: principles, GCM actions with objectives, strategy actions, revisions,
    # comments with authors and revisions, evidence; for the revision shown: the principles'
    # titles, and the texts of the GCM actions it names (the approved one names none); its
    # indicators' names are frozen in it (a revision older than version 2 of the snapshot
    # would add one query for them); the labels of its breakdowns' categories
    ("submission_detail", "alice", _main, 10),
    ("submission_detail", "rita", _main, 10),
    ("submission_detail", "victor", _approved, 8),
    # the submission, within what she may see; its events with actors and revisions; its
    # revisions
    ("submission_history", "rita", _main, 3),
    # the cycles; the number of submissions per state; how many are listed, and one page of
    # them with their organisations, subjects and cycles; filter choices: objectives,
    # organisations; the chapters of the national report awaiting review; the pledges and the
    # pledge updates awaiting review
    ("review_queue", "rita", None, 9),
    # as submission_detail (the review screen shows the same revision, with what changed);
    # why the previous round went back, with who sent it back; the review conversations of
    # this round and the last (with authors, who answered and resolved them) and their
    # replies; the labels of the breakdowns' categories
    ("review_detail", "rita", _main, 13),
    # the cycle; the objectives; the state of every submission of the cycle; assignments
    # with organisations and subjects; strategy actions with their lead organisations; the
    # work waiting longest for review; the latest reminders with their organisations; the
    # indicator progress table: indicators, their SDG indicators, their objectives, and the
    # latest approved revisions up to the cycle (their series)
    ("coverage", "cora", _cycle, 11),
    # the cycle; the organisations to choose from; the chosen organisation; objectives;
    # sections that collect submissions; its assigned objectives; its assigned sections
    ("assignments", "cora", _cycle, 7),
    # the cycle; the cycle's latest exports and imports with who made them
    ("spreadsheets", "cora", _cycle, 2),
    # the cycle (exports only: no list of transfers)
    ("spreadsheets", "victor", _cycle, 1),
    # filter choices: the cycles, strategy actions, objectives, organisations; the number of
    # approved contributions found and the page of them, with organisations and subjects
    ("library", "victor", None, 6),
    ("library", "victor", "search", 6),
    # the approved revision with its submission, cycle, organisation and subject; the
    # principles' titles
    ("library_entry", "victor", _approved_revision, 2),
]


def _url(world, name: str, arguments) -> str:
    if arguments == "search":
        return reverse(name) + "?text=referral&kind=government"
    url = reverse(name, args=arguments(world) if arguments else [])
    if name == "assignments":
        url += f"?organisation={world['momd'].pk}"
    return url


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("scale", [1, SCALE])
@pytest.mark.parametrize(("who", "queries"), HOME.items())
def test_home(world, django_assert_num_queries, who, queries, scale):
    if scale > 1:
        scale_up(world, scale)
    client = _client(who)
    with django_assert_num_queries(signed_in_queries(who) + queries):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("scale", [1, SCALE])
@pytest.mark.parametrize(("name", "who", "arguments", "queries"), PAGES)
def test_page(world, django_assert_num_queries, name, who, arguments, queries, scale):
    if scale > 1:
        scale_up(world, scale)
    client = _client(who)
    url = _url(world, name, arguments)
    with django_assert_num_queries(signed_in_queries(who) + queries):
        assert client.get(url).status_code == 200
