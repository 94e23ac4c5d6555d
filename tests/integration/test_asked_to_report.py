"""One rule says who is asked to report on what; every place that counts it agrees.

The dataset has a strategy action led by a civil-society organisation: under the rule, its
lead is asked to report on it, in the portal and in the compiled report alike.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from gcm_portal.accounts.models import Organisation
from objectives.models import Pillar, Strategy, StrategyAction
from reporting.models import Reminder
from reporting.pdf.context import build_report
from reporting.selectors.coordination import (
    asked_to_report,
    coverage_matrix,
    my_reporting,
    organisations_with_unsent_work,
)
from reporting.services.coordination import assignment_set, reminders_send
from reporting.services.submissions import submission_start
from tests.builders import approve, assign
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(open_cycle, momd, moi, cso, iom, alice, bob, carol, rita):
    strategy = Strategy.objects.create(code="nmms", title_en="National strategy")
    pillar = Pillar.objects.create(strategy=strategy, code="2", title_en="Protection")
    led_by_cso = StrategyAction.objects.create(
        pillar=pillar, code="2.4", title_en="Legal aid desks", lead_organisation=cso
    )
    led_by_ministry = StrategyAction.objects.create(
        pillar=pillar, code="2.1", title_en="Referral pathways", lead_organisation=moi
    )
    led_by_iom = StrategyAction.objects.create(
        pillar=pillar, code="2.9", title_en="Technical support", lead_organisation=iom
    )
    approve(alice, rita, open_cycle, momd, objective=10)
    assign(open_cycle, moi, objective=7)
    return {
        "cycle": open_cycle,
        "led_by_cso": led_by_cso,
        "led_by_ministry": led_by_ministry,
        "led_by_iom": led_by_iom,
    }


def test_the_rule(dataset, momd, moi, cso, iom):
    cycle = dataset["cycle"]
    asked = asked_to_report(cycle=cycle)
    assert set(asked.organisations) == {momd.pk, moi.pk, cso.pk}
    assert asked.of(cso.pk) == {("strategy_action", dataset["led_by_cso"].pk)}
    assert ("strategy_action", dataset["led_by_ministry"].pk) in asked.of(moi.pk)
    assert iom.pk not in asked.organisations  # IOM reviews; it is never asked to report


def test_the_coverage_page_and_the_compiled_report_count_the_same(dataset, cora, momd):
    cycle = dataset["cycle"]
    matrix = coverage_matrix(cycle=cycle)
    page_by_kind = {}
    for row in matrix.rows:
        kind = str(row.organisation.get_kind_display())
        asked, reported = page_by_kind.get(kind, (0, 0))
        page_by_kind[kind] = (asked + 1, reported + (1 if row.counts["approved"] else 0))
    report = build_report(cycle=cycle, kind="regional", language="en", preview=True)
    report_by_kind = {kind: (asked, reported) for kind, reported, asked in report.coverage_by_type}
    assert report_by_kind == page_by_kind
    assert report_by_kind["Civil-society organisation"] == (1, 0)
    assert report_by_kind["Ministry"] == (2, 1)

    client = Client()
    client.force_login(cora)
    html = client.get(reverse("coverage", args=[cycle.code])).content.decode()
    assert "Migrant Rights Network" in html and "2.4" in html


def test_the_cso_sees_it_in_my_reporting_and_may_start_it(dataset, carol, cso):
    cycle = dataset["cycle"]
    items = my_reporting(user=carol, cycle=cycle)
    assert [(i.subject_kind, i.subject.code) for i in items] == [("strategy_action", "2.4")]
    submission = submission_start(
        user=carol,
        cycle=cycle,
        organisation=cso,
        subject_kind="strategy_action",
        subject_id=dataset["led_by_cso"].pk,
    )
    assert submission.organisation == cso


def test_reminders_and_who_has_not_sent_include_the_cso(dataset, momd, moi, cso):
    cycle = dataset["cycle"]
    assert organisations_with_unsent_work(cycle=cycle) == {moi.pk, cso.pk}
    sent = reminders_send(today=cycle.submission_deadline - datetime.timedelta(days=3))
    assert {reminder.organisation_id for reminder in sent} == {moi.pk, cso.pk}
    assert Reminder.objects.filter(organisation=cso).exists()


def test_only_organisations_that_report_can_be_assigned(dataset, cora, iom):
    from reporting.workflow import TransitionRefused

    un_agency = OrganisationFactory(slug="unhcr", kind=Organisation.Kind.UN_AGENCY)
    for organisation in (iom, un_agency):
        with pytest.raises(TransitionRefused):
            assignment_set(
                user=cora,
                cycle=dataset["cycle"],
                organisation=organisation,
                objective_ids=[],
                section_ids=[],
            )
    client = Client()
    client.force_login(cora)
    url = reverse("assignments", args=[dataset["cycle"].code])
    assert client.get(url, {"organisation": iom.pk}).status_code == 404
