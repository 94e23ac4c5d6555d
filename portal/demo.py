"""Demo data for `manage.py seed_demo`: clearly labelled sample organisations and accounts.

Every function is idempotent: records are looked up by a stable key and created only when
missing, so a second run changes nothing.
"""

import datetime
import json
import re
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gcm_portal.accounts.models import Membership, Organisation, User
from gcm_portal.accounts.two_factor import second_factor_required
from gcm_portal.errors import Refused
from objectives.models import (
    Indicator,
    Objective,
    Pillar,
    PolicyDomain,
    Principle,
    SdgIndicator,
    Strategy,
    StrategyAction,
    number_and_note,
)
from reporting import policy_domains, snapshot
from reporting.models import (
    Assignment,
    Chapter,
    ChapterEvent,
    ChapterRevision,
    Event,
    IndicatorValue,
    LayoutChapter,
    Pledge,
    PledgeEvent,
    PledgeUpdate,
    PolicyDomainAnswers,
    ReportLayout,
    ReportSection,
    ReviewCycle,
    Revision,
    Submission,
    Translation,
    Validation,
)
from reporting.services.chapters import chapter_save, chapter_start, chapter_transition
from reporting.services.editions import validation_record
from reporting.services.pledges import frozen_pledge, frozen_update
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    comment_add,
    comment_address,
    comment_reply,
    draft_of,
    submission_save_draft,
    submission_start,
    submission_transition,
)
from reporting.services.translations import (
    translation_review,
    translation_save,
    translation_start,
    translation_waive,
)

DEMO_PASSWORD = "demo-pass"
# The demo accounts that sign in in two steps (reviewer, coordinator, administrator) share
# this authenticator key, public like the password: add it to an authenticator app as
# M5RW2LLQN5ZHIYLMFVSGK3LPFUZGMYJB (time-based), or print the current code with
# `manage.py demo_code <account>`.
DEMO_TOTP_KEY = "67636d2d706f7274616c2d64656d6f2d32666121"
OPEN_CYCLE_CODE = "arab-regional-2028"
OPEN_CYCLE_DEADLINE = datetime.date(2028, 3, 31)

Kind = Organisation.Kind
Stakeholder = Organisation.StakeholderType
Role = Membership.Role

ORGANISATIONS = [
    # slug, English name, Arabic name, acronym, kind, stakeholder type
    (
        "momd",
        "Ministry of Migration and Displaced",
        "وزارة الهجرة والمهجرين",
        "MoMD",
        Kind.MINISTRY,
        "",
    ),
    ("moi", "Ministry of Interior", "وزارة الداخلية", "MoI", Kind.MINISTRY, ""),
    ("mofa", "Ministry of Foreign Affairs", "وزارة الخارجية", "MoFA", Kind.MINISTRY, ""),
    (
        "molsa",
        "Ministry of Labour and Social Affairs",
        "وزارة العمل والشؤون الاجتماعية",
        "MoLSA",
        Kind.MINISTRY,
        "",
    ),
    (
        "mop",
        "Ministry of Planning (Central Statistical Organization)",
        "وزارة التخطيط (الجهاز المركزي للإحصاء)",
        "MoP",
        Kind.MINISTRY,
        "",
    ),
    (
        "krg-jcc",
        "Kurdistan Region Joint Crisis Coordination Centre",
        "مركز التنسيق المشترك للأزمات في إقليم كوردستان",
        "JCC",
        Kind.KURDISTAN_REGION,
        "",
    ),
    (
        "cso-rights-network",
        "Sample Migrant Rights Network",
        "شبكة حقوق المهاجرين (نموذج)",
        "MRN",
        Kind.CSO,
        Stakeholder.CIVIL_SOCIETY,
    ),
    (
        "cso-diaspora",
        "Sample Iraqi Diaspora Professionals Association",
        "رابطة المهنيين العراقيين في المهجر (نموذج)",
        "IDPA",
        Kind.CSO,
        Stakeholder.DIASPORA,
    ),
    (
        "cso-workers-union",
        "Sample Federation of Workers' Unions",
        "اتحاد نقابات العمال (نموذج)",
        "FWU",
        Kind.CSO,
        Stakeholder.TRADE_UNIONS,
    ),
    ("iom-iraq", "IOM Iraq", "المنظمة الدولية للهجرة - العراق", "IOM", Kind.IOM, ""),
]

ACCOUNTS = [
    # username, first name, last name, organisation slug, role, language
    ("momd-focal", "Layla", "Hassan", "momd", Role.FOCAL_POINT, "ar"),
    ("moi-focal", "Omar", "Kareem", "moi", Role.FOCAL_POINT, "en"),
    ("cso-focal", "Noor", "Jabbar", "cso-rights-network", Role.FOCAL_POINT, "ar"),
    ("iom-reviewer", "Sara", "Lindqvist", "iom-iraq", Role.REVIEWER, "en"),
    ("momd-coordinator", "Ahmed", "Salih", "momd", Role.COORDINATOR, "en"),
    # Authors of the sample reports of the other organisations, and a reader.
    ("mofa-focal", "Zainab", "Ali", "mofa", Role.FOCAL_POINT, "en"),
    ("molsa-focal", "Haider", "Mahdi", "molsa", Role.FOCAL_POINT, "ar"),
    ("mop-focal", "Rana", "Yousif", "mop", Role.FOCAL_POINT, "en"),
    ("krg-focal", "Karwan", "Aziz", "krg-jcc", Role.FOCAL_POINT, "en"),
    ("diaspora-focal", "Mariam", "Toma", "cso-diaspora", Role.FOCAL_POINT, "en"),
    ("union-focal", "Sami", "Naji", "cso-workers-union", Role.FOCAL_POINT, "ar"),
    ("mop-viewer", "Huda", "Saeed", "mop", Role.VIEWER, "en"),
    ("iom-translator", "Dina", "Faraj", "iom-iraq", Role.TRANSLATOR, "ar"),
]

STRATEGY = {
    "code": "nmms-sample",
    "title_en": "National Migration Management Strategy (sample)",
    "title_ar": "الاستراتيجية الوطنية لإدارة الهجرة (نموذج)",
    "starts_on": datetime.date(2021, 1, 1),
    "ends_on": datetime.date(2025, 12, 31),
}

PILLARS = [
    ("1", "Governance, policy and data", "الحوكمة والسياسات والبيانات"),
    ("2", "Protection and assistance of migrants", "حماية المهاجرين ومساعدتهم"),
    ("3", "Labour migration and development", "هجرة العمالة والتنمية"),
    ("4", "Return and sustainable reintegration", "العودة وإعادة الإدماج المستدام"),
    (
        "5",
        "Border management and countering irregular migration",
        "إدارة الحدود ومكافحة الهجرة غير النظامية",
    ),
]

STRATEGY_ACTIONS = [
    # pillar, code, English title, Arabic title, lead, supporting, status, objectives
    (
        "1",
        "1.1",
        "Establish a national migration data working group",
        "إنشاء فريق عمل وطني لبيانات الهجرة",
        "mop",
        ["momd", "moi"],
        StrategyAction.Status.COMPLETED,
        [1],
    ),
    (
        "1",
        "1.2",
        "Adopt a national migration policy framework",
        "اعتماد إطار وطني لسياسات الهجرة",
        "momd",
        ["mofa"],
        StrategyAction.Status.IN_PROGRESS,
        [23, 2],
    ),
    (
        "2",
        "2.1",
        "Set up referral pathways for victims of trafficking",
        "إنشاء مسارات إحالة لضحايا الاتجار بالبشر",
        "moi",
        ["molsa"],
        StrategyAction.Status.IN_PROGRESS,
        [10, 7],
    ),
    (
        "2",
        "2.2",
        "Expand consular assistance to Iraqis abroad",
        "توسيع المساعدة القنصلية للعراقيين في الخارج",
        "mofa",
        ["momd"],
        StrategyAction.Status.IN_PROGRESS,
        [14],
    ),
    (
        "2",
        "2.3",
        "Issue civil documentation to returnees and displaced persons",
        "إصدار الوثائق المدنية للعائدين والنازحين",
        "moi",
        ["momd"],
        StrategyAction.Status.DELAYED,
        [4],
    ),
    (
        "3",
        "3.1",
        "Regulate private recruitment agencies",
        "تنظيم وكالات التوظيف الخاصة",
        "molsa",
        [],
        StrategyAction.Status.IN_PROGRESS,
        [6],
    ),
    (
        "3",
        "3.2",
        "Recognise skills of returning migrants",
        "الاعتراف بمهارات المهاجرين العائدين",
        "molsa",
        ["momd"],
        StrategyAction.Status.NOT_STARTED,
        [18],
    ),
    (
        "3",
        "3.3",
        "Engage the diaspora in national development",
        "إشراك المغتربين في التنمية الوطنية",
        "mofa",
        ["momd"],
        StrategyAction.Status.IN_PROGRESS,
        [19, 20],
    ),
    (
        "4",
        "4.1",
        "Reintegration packages for returnees",
        "حزم إعادة الإدماج للعائدين",
        "momd",
        ["molsa", "krg-jcc"],
        StrategyAction.Status.IN_PROGRESS,
        [21, 16],
    ),
    (
        "4",
        "4.2",
        "Kurdistan Region returns coordination mechanism",
        "آلية تنسيق العودة في إقليم كوردستان",
        "krg-jcc",
        ["momd"],
        StrategyAction.Status.COMPLETED,
        [21],
    ),
    (
        "5",
        "5.1",
        "Integrated border management at official crossings",
        "الإدارة المتكاملة للحدود في المنافذ الرسمية",
        "moi",
        ["mofa"],
        StrategyAction.Status.IN_PROGRESS,
        [11, 9],
    ),
]

INDICATORS = [
    # code, English name, Arabic name, unit en, unit ar, kind, SDG, objective, action, dims, baseline, year, target, year
    (
        "IND-01",
        "Recruitment cost borne by Iraqi workers abroad",
        "تكاليف التوظيف التي يتحملها العمال العراقيون في الخارج",
        "% of monthly income",
        "% من الدخل الشهري",
        Indicator.Kind.PERCENT,
        "10.7.1",
        6,
        "3.1",
        ["sex"],
        "35",
        2020,
        "15",
        2030,
    ),
    (
        "IND-02",
        "Returnees who received civil documentation",
        "العائدون الذين حصلوا على وثائق مدنية",
        "persons",
        "شخص",
        Indicator.Kind.NUMBER,
        "",
        4,
        "2.3",
        ["sex", "age_group", "governorate"],
        "12000",
        2021,
        "60000",
        2025,
    ),
    (
        "IND-03",
        "Identified victims of trafficking referred to services",
        "ضحايا الاتجار المحددون المحالون إلى الخدمات",
        "persons",
        "شخص",
        Indicator.Kind.NUMBER,
        "",
        10,
        "2.1",
        ["sex", "age_group", "migration_status"],
        "140",
        2020,
        "400",
        2025,
    ),
    (
        "IND-05",
        "Migrants reported dead or missing on routes from Iraq",
        "المهاجرون المبلغ عن وفاتهم أو فقدانهم على طرق الهجرة من العراق",
        "persons",
        "شخص",
        Indicator.Kind.NUMBER,
        "10.7.3",
        8,
        "",
        ["sex", "age_group"],
        "",
        None,
        "",
        None,
    ),
    (
        "IND-06",
        "Cost of sending remittances to Iraq",
        "تكلفة إرسال التحويلات المالية إلى العراق",
        "% of amount sent",
        "% من المبلغ المرسل",
        Indicator.Kind.PERCENT,
        "10.c.1",
        20,
        "3.3",
        [],
        "7.5",
        2020,
        "3",
        2030,
    ),
    (
        "IND-07",
        "Returnee households receiving reintegration support",
        "أسر العائدين التي تتلقى دعم إعادة الإدماج",
        "households",
        "أسرة",
        Indicator.Kind.NUMBER,
        "",
        21,
        "4.1",
        ["governorate", "migration_status"],
        "3000",
        2021,
        "15000",
        2025,
    ),
    (
        "IND-08",
        "Border crossing points with integrated management systems",
        "المنافذ الحدودية المزودة بأنظمة إدارة متكاملة",
        "crossing points",
        "منفذ",
        Indicator.Kind.NUMBER,
        "",
        11,
        "5.1",
        ["governorate"],
        "4",
        2020,
        "20",
        2025,
    ),
]


class DemoRefused(Refused):
    """seed_demo was asked to run where its public password would be a risk."""


def demo_seed() -> None:
    """Create the demo organisations, accounts, strategy and indicators (idempotent)."""
    if not settings.DEBUG:
        raise DemoRefused(
            "seed_demo creates accounts whose password is public; it runs only with DEBUG=true."
        )
    with transaction.atomic():
        organisations = _seed_organisations()
        _seed_accounts(organisations)
        _seed_strategy(organisations)
        _seed_indicators()
        _open_demo_cycle()
        _seed_submissions()
        _seed_pledges()
        _seed_policy_questionnaires()
        _seed_reports()
        _seed_translations()
        _seed_consultations()


def _seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for slug, name_en, name_ar, acronym, kind, stakeholder in ORGANISATIONS:
        organisations[slug], _ = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_ar": name_ar,
                "acronym": acronym,
                "kind": kind,
                "stakeholder_type": stakeholder,
                "is_sample": True,
            },
        )
    return organisations


def _seed_accounts(organisations: dict[str, Organisation]) -> None:
    for username, first, last, slug, role, language in ACCOUNTS:
        user = _demo_user(username, first_name=first, last_name=last, language=language)
        Membership.objects.get_or_create(user=user, organisation=organisations[slug], role=role)
    _demo_user("admin", first_name="Portal", last_name="Administrator", superuser=True)
    for user in User.objects.filter(is_demo=True):
        if second_factor_required(user):
            TOTPDevice.objects.get_or_create(
                user=user,
                name="Demo authenticator",
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )


def demo_authenticator_code(username: str) -> str:
    """The current two-step sign-in code of a demo account (DEBUG only)."""
    if not settings.DEBUG:
        raise DemoRefused("demo_code runs only with DEBUG=true.")
    device = TOTPDevice.objects.filter(
        user__username=username, user__is_demo=True, name="Demo authenticator"
    ).first()
    if device is None:
        raise DemoRefused(f"{username} is not a demo account that signs in in two steps.")
    return f"{totp(device.bin_key):06d}"


def _demo_user(
    username: str,
    *,
    first_name: str,
    last_name: str,
    language: str = "en",
    superuser: bool = False,
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@example.org",
            preferred_language=language,
            is_demo=True,
            is_staff=superuser,
            is_superuser=superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _seed_strategy(organisations: dict[str, Organisation]) -> None:
    strategy, _ = Strategy.objects.get_or_create(
        code=STRATEGY["code"], defaults={**STRATEGY, "is_sample": True}
    )
    pillars = {}
    for position, (code, title_en, title_ar) in enumerate(PILLARS, start=1):
        pillars[code], _ = Pillar.objects.get_or_create(
            strategy=strategy,
            code=code,
            defaults={"title_en": title_en, "title_ar": title_ar, "position": position},
        )
    objectives = {o.number: o for o in Objective.objects.all()}
    for pillar, code, title_en, title_ar, lead, supporting, status, numbers in STRATEGY_ACTIONS:
        action, created = StrategyAction.objects.get_or_create(
            pillar=pillars[pillar],
            code=code,
            defaults={
                "title_en": title_en,
                "title_ar": title_ar,
                "lead_organisation": organisations[lead],
                "status": status,
                "starts_on": STRATEGY["starts_on"],
                "ends_on": STRATEGY["ends_on"],
            },
        )
        if created:
            action.supporting_organisations.set([organisations[s] for s in supporting])
            action.objectives.set([objectives[n] for n in numbers])


# The catalogue's facts beyond the rows above: framework, direction, definition, source, and
# the further objectives an indicator serves. SDG 10.7.2 is its questionnaire (below).
INDICATOR_FACTS = {
    "IND-01": {
        "framework": Indicator.Framework.SDG,
        "direction": Indicator.Direction.LOWER,
        "definition_en": "Recruitment fees and related costs paid by a worker, as a share of "
        "the monthly income earned in the first job abroad (SDG 10.7.1).",
        "source_en": "Ministry of Labour and Social Affairs surveys",
        "baseline": "68",
        "baseline_year": 2021,
        "target": "40",
        "target_year": 2030,
    },
    "IND-02": {
        "framework": Indicator.Framework.NATIONAL,
        "definition_en": "Returnees issued a civil status identity card or nationality "
        "certificate by mobile or fixed teams, cumulative since the baseline year.",
        "source_en": "Ministry of Interior, Directorate of Civil Status",
    },
    "IND-03": {
        "framework": Indicator.Framework.GCM,
        "definition_en": "Identified victims of trafficking referred to shelter, health, legal "
        "or psychosocial services in the year.",
        "source_en": "Ministry of Interior, counter-trafficking directorate",
        "objectives": [7],
    },
    "IND-05": {"framework": Indicator.Framework.SDG, "direction": Indicator.Direction.LOWER},
    "IND-06": {
        "framework": Indicator.Framework.SDG,
        "direction": Indicator.Direction.LOWER,
        "definition_en": "Average cost of sending the equivalent of 200 US dollars to Iraq, "
        "as a share of the amount sent (SDG 10.c.1).",
        "source_en": "Central Bank of Iraq, corridor price reviews",
    },
    "IND-07": {
        "framework": Indicator.Framework.NATIONAL,
        "source_en": "Ministry of Migration and Displaced, case management records",
    },
    "IND-08": {"framework": Indicator.Framework.MGI},
}


def _seed_indicators() -> None:
    sdgs = {s.code: s for s in SdgIndicator.objects.all()}
    objectives = {o.number: o for o in Objective.objects.all()}
    actions = {
        a.code: a for a in StrategyAction.objects.filter(pillar__strategy__code=STRATEGY["code"])
    }
    for (
        code,
        name_en,
        name_ar,
        unit_en,
        unit_ar,
        kind,
        sdg,
        objective,
        action,
        dims,
        baseline,
        baseline_year,
        target,
        target_year,
    ) in INDICATORS:
        facts = dict(INDICATOR_FACTS.get(code, {}))
        more_objectives = facts.pop("objectives", [])
        baseline = facts.pop("baseline", baseline)
        target = facts.pop("target", target)
        baseline_number, baseline_note = number_and_note(kind, baseline)
        target_number, target_note = number_and_note(kind, target)
        indicator, created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_ar": name_ar,
                "unit_en": unit_en,
                "unit_ar": unit_ar,
                "kind": kind,
                "strategy_action": actions.get(action),
                "disaggregations": dims,
                "baseline": baseline_number,
                "baseline_note": baseline_note,
                "baseline_year": baseline_year,
                "target": target_number,
                "target_note": target_note,
                "target_year": target_year,
                **facts,
            },
        )
        if created:
            indicator.objectives.add(*[objectives[n] for n in [objective, *more_objectives]])
            if sdg in sdgs:
                indicator.sdg_indicators.add(sdgs[sdg])


def _open_demo_cycle() -> None:
    ReviewCycle.objects.filter(code=OPEN_CYCLE_CODE, state=ReviewCycle.State.PLANNED).update(
        state=ReviewCycle.State.OPEN, submission_deadline=OPEN_CYCLE_DEADLINE
    )


# --- sample submissions ---------------------------------------------------------------------

DEMO_SUBMISSIONS = Path(__file__).resolve().parent / "data" / "demo_submissions.json"
# When the sample reports of past cycles were submitted and approved.
CLOSED_CYCLE_DATES = {
    "imrf-2022": (datetime.datetime(2022, 2, 14, 9, 0), datetime.datetime(2022, 2, 24, 14, 0)),
    "arab-regional-2024": (
        datetime.datetime(2024, 5, 12, 9, 0),
        datetime.datetime(2024, 5, 26, 14, 0),
    ),
    "imrf-2026": (datetime.datetime(2026, 2, 9, 9, 0), datetime.datetime(2026, 2, 23, 14, 0)),
}
# The open cycle shows every state: entries take these in turn.
OPEN_CYCLE_STATES = ["draft", "submitted", "returned", "approved"]
REVIEWER = "iom-reviewer"


def _seed_submissions() -> None:
    data = json.loads(DEMO_SUBMISSIONS.read_text(encoding="utf-8"))
    organisations = {o.slug: o for o in Organisation.objects.all()}
    authors = {
        m.organisation.slug: m.user
        for m in Membership.objects.filter(role=Role.FOCAL_POINT).select_related(
            "organisation", "user"
        )
    }
    reviewer = User.objects.get(username=REVIEWER)
    for code, entries in data["cycles"].items():
        cycle = ReviewCycle.objects.get(code=code)
        for index, entry in enumerate(entries):
            organisation = organisations[entry["organisation"]]
            kind, subject = _subject(entry["subject"])
            if kind != "strategy_action":
                Assignment.objects.get_or_create(
                    cycle=cycle, organisation=organisation, **{kind: subject}
                )
            if Submission.objects.filter(
                cycle=cycle, organisation=organisation, **{kind: subject}
            ).exists():
                continue
            author = authors[entry["organisation"]]
            if cycle.state == ReviewCycle.State.OPEN:
                state = OPEN_CYCLE_STATES[index % len(OPEN_CYCLE_STATES)]
                _open_cycle_submission(
                    cycle, organisation, kind, subject, entry, author, reviewer, state
                )
                if index == OPEN_CYCLE_STATES.index("submitted"):
                    _second_round(
                        Submission.objects.get(
                            cycle=cycle, organisation=organisation, **{kind: subject}
                        ),
                        author,
                        reviewer,
                    )
            else:
                _approved_submission(cycle, organisation, kind, subject, entry, author, reviewer)


def _subject(subject: dict) -> tuple[str, object]:
    if "objective" in subject:
        return "objective", Objective.objects.get(number=subject["objective"])
    if "strategy_action" in subject:
        return "strategy_action", StrategyAction.objects.get(
            pillar__strategy__code=STRATEGY["code"], code=subject["strategy_action"]
        )
    return "section", ReportSection.objects.get(code=subject["section"])


def _draft(entry: dict, subject) -> Draft:
    actions = []
    if isinstance(subject, Objective):
        actions = list(
            subject.actions.filter(letter__in=entry.get("gcm_actions", [])).values_list(
                "pk", flat=True
            )
        )
    indicators = {i.code: i for i in Indicator.objects.all()}
    return Draft(
        language=entry["language"],
        implementation_status=entry.get("implementation_status", ""),
        narratives={name: entry.get(name, "") for name in snapshot.NARRATIVE_FIELD_NAMES},
        principle_ids=sorted(
            Principle.objects.filter(letter__in=entry.get("principles", [])).values_list(
                "pk", flat=True
            )
        ),
        gcm_action_ids=sorted(actions),
        linked_strategy_action_ids=sorted(
            StrategyAction.objects.filter(
                pillar__strategy__code=STRATEGY["code"],
                code__in=entry.get("linked_strategy_actions", []),
            ).values_list("pk", flat=True)
        ),
        indicator_values=[
            IndicatorEntry(
                indicator_id=indicators[value["indicator"]].pk,
                value=value["value"],
                unit=indicators[value["indicator"]].unit_en,
                reference_date=datetime.date.fromisoformat(value["reference_date"])
                if value.get("reference_date")
                else None,
                source=value.get("source", ""),
                breakdown=value.get("breakdown", []),
                period_year=value.get("period_year"),
                period_start=datetime.date.fromisoformat(value["period_start"])
                if value.get("period_start")
                else None,
                period_end=datetime.date.fromisoformat(value["period_end"])
                if value.get("period_end")
                else None,
            )
            for value in entry.get("indicator_values", [])
            if value["indicator"] in indicators
        ],
    )


def _open_cycle_submission(cycle, organisation, kind, subject, entry, author, reviewer, state):
    """Take a sample report through the real services to the wanted state."""
    submission = submission_start(
        user=author,
        cycle=cycle,
        organisation=organisation,
        subject_kind=kind,
        subject_id=subject.pk,
    )
    submission_save_draft(
        user=author,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=_draft(entry, subject),
    )
    if state == "draft":
        return
    submission_transition(user=author, submission_id=submission.pk, action="submit")
    if state == "returned":
        comment_add(
            user=reviewer,
            submission_id=submission.pk,
            field="challenges",
            body="Please say which governorates are most affected and what support is needed.",
        )
        submission_transition(
            user=reviewer,
            submission_id=submission.pk,
            action="return",
            reason="Good progress report; the challenges need more detail before approval.",
        )
    elif state == "approved":
        submission_transition(user=reviewer, submission_id=submission.pk, action="approve")


def _second_round(submission: Submission, author, reviewer) -> None:
    """One piece of work back for its second review: commented on and returned, revised,
    each comment answered, and submitted again."""
    first = comment_add(
        user=reviewer,
        submission_id=submission.pk,
        field="progress",
        body="Please give the number of people reached and the year.",
    )
    second = comment_add(
        user=reviewer,
        submission_id=submission.pk,
        field="",
        body="Could you attach the training report?",
    )
    submission_transition(
        user=reviewer,
        submission_id=submission.pk,
        action="return",
        reason="Nearly ready: the progress needs figures, and the evidence is missing.",
    )
    submission.refresh_from_db()
    draft = draft_of(submission)
    progress = draft.narratives.get("progress", "")
    draft.narratives["progress"] = (
        progress + " In 2027 the programme reached 1,240 people in four governorates."
    )
    submission_save_draft(
        user=author, submission_id=submission.pk, base_version=submission.version, draft=draft
    )
    comment_address(
        user=author, comment_id=first.pk, note="Added the number reached in 2027 and where."
    )
    comment_reply(
        user=author,
        comment_id=second.pk,
        body="The report is being approved by the minister's office; we will attach it then.",
    )
    comment_address(
        user=author,
        comment_id=second.pk,
        note="Not attached yet: the report is not approved for release.",
    )
    submission_transition(user=author, submission_id=submission.pk, action="submit")


def _approved_submission(cycle, organisation, kind, subject, entry, author, reviewer):
    """Record a past cycle's approved report as the workflow would have left it."""
    submitted_at, approved_at = (
        timezone.make_aware(moment) for moment in CLOSED_CYCLE_DATES[cycle.code]
    )
    submission = Submission.objects.create(
        cycle=cycle,
        organisation=organisation,
        subject_kind=kind,
        **{kind: subject},
        language=entry["language"],
        created_by=author,
        updated_by=author,
    )
    draft = _draft(entry, subject)
    submission.implementation_status = draft.implementation_status
    for name in snapshot.NARRATIVE_FIELD_NAMES:
        setattr(submission, name, draft.narratives.get(name, ""))
    submission.save()
    submission.principles.set(draft.principle_ids)
    submission.gcm_actions.set(draft.gcm_action_ids)
    submission.linked_strategy_actions.set(draft.linked_strategy_action_ids)
    for value in draft.indicator_values:
        IndicatorValue.objects.create(
            submission=submission,
            indicator_id=value.indicator_id,
            value=value.value,
            unit=value.unit,
            reference_date=value.reference_date,
            source=value.source,
            breakdown=value.breakdown,
            period_year=value.period_year,
            period_start=value.period_start,
            period_end=value.period_end,
        )
    _save_demo_policy_answers(submission, entry)
    revision = Revision.objects.create(
        submission=submission,
        number=1,
        content=snapshot.snapshot_of(submission).to_json(),
        language=submission.language,
        submitted_by=author,
        submitted_at=submitted_at,
        approved_at=approved_at,
    )
    for action, source, target, actor, moment in (
        ("submit", "draft", "submitted", author, submitted_at),
        ("approve", "submitted", "approved", reviewer, approved_at),
    ):
        event = Event.objects.create(
            submission=submission,
            action=action,
            from_state=source,
            to_state=target,
            actor=actor,
            revision=revision,
            notified_at=moment,
        )
        Event.objects.filter(pk=event.pk).update(created_at=moment)
    Submission.objects.filter(pk=submission.pk).update(
        state=Submission.State.APPROVED, submitted_at=submitted_at, approved_at=approved_at
    )


# --- the SDG 10.7.2 questionnaire ----------------------------------------------------------

DEMO_POLICY_DOMAINS = Path(__file__).resolve().parent / "data" / "demo_policy_domains.json"


def _seed_policy_questionnaires() -> None:
    """The Ministry's 10.7.2 answers: approved for a past regional review, a draft for the
    forum after it (idempotent)."""
    data = json.loads(DEMO_POLICY_DOMAINS.read_text(encoding="utf-8"))
    section = ReportSection.objects.get(code=policy_domains.SECTION_CODE)
    reviewer = User.objects.get(username=REVIEWER)
    for code, entry in data["cycles"].items():
        cycle = ReviewCycle.objects.get(code=code)
        organisation = Organisation.objects.get(slug=entry["organisation"])
        Assignment.objects.get_or_create(cycle=cycle, organisation=organisation, section=section)
        if Submission.objects.filter(cycle=cycle, organisation=organisation, section=section):
            continue
        author = Membership.objects.get(organisation=organisation, role=Role.FOCAL_POINT).user
        if entry["state"] == "approved":
            _approved_submission(cycle, organisation, "section", section, entry, author, reviewer)
            continue
        submission = Submission.objects.create(
            cycle=cycle,
            organisation=organisation,
            subject_kind="section",
            section=section,
            language=entry["language"],
            progress=entry["progress"],
            created_by=author,
            updated_by=author,
        )
        _save_demo_policy_answers(submission, entry)


def _save_demo_policy_answers(submission: Submission, entry: dict) -> None:
    domains = {domain.number: domain for domain in PolicyDomain.objects.all()}
    for number, answered in entry.get("domains", {}).items():
        PolicyDomainAnswers.objects.create(
            submission=submission,
            domain=domains[int(number)],
            answers=answered["answers"],
            note=answered.get("note", ""),
        )


# --- the coordinator's report and its validation -----------------------------------------------

DEMO_REPORTS = Path(__file__).resolve().parent / "data" / "demo_reports.json"
COORDINATOR = "momd-coordinator"
DEMO_CITATION = re.compile(r"\[cite:([a-z0-9-]+)/([a-z_]+):([\w.-]+)\]")
# A sample of minutes: a one-page PDF that says it is a sample.
SAMPLE_MINUTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# --- sample pledges --------------------------------------------------------------------------

DEMO_PLEDGES = Path(__file__).resolve().parent / "data" / "demo_pledges.json"
# Registered and approved in the weeks before the forum at which they were made.
PLEDGES_APPROVED_AT = datetime.datetime(2022, 4, 28, 11, 0)
# The open cycle's follow-up is under way: one update waits for review.
OPEN_CYCLE_UPDATE = ("border", "submitted")


def _seed_pledges() -> None:
    """Seven sample pledges made at the IMRF 2022, each approved, with approved updates at the
    later reviews; one update of the open cycle awaits review (idempotent)."""
    if Pledge.objects.filter(is_sample=True).exists():
        return
    data = json.loads(DEMO_PLEDGES.read_text(encoding="utf-8"))
    cycles = {c.code: c for c in ReviewCycle.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    authors = {
        m.organisation.slug: m.user
        for m in Membership.objects.filter(role=Role.FOCAL_POINT).select_related(
            "organisation", "user"
        )
    }
    reviewer = User.objects.get(username=REVIEWER)
    made = {}
    for entry in data["pledges"]:
        author = authors[entry["organisation"]]
        pledge = Pledge.objects.create(
            cycle=cycles[data["made_at"]],
            organisation=organisations[entry["organisation"]],
            kind=entry["kind"],
            matched_pledge=made.get(entry.get("matches")),
            form=entry["form"],
            title_en=entry["title_en"],
            title_ar=entry["title_ar"],
            description_en=entry["description_en"],
            description_ar=entry["description_ar"],
            metric=entry["metric"],
            baseline=entry["baseline"],
            target=entry["target"],
            deadline=datetime.date.fromisoformat(entry["deadline"]) if entry["deadline"] else None,
            partners=entry["partners"],
            is_sample=True,
            created_by=author,
        )
        pledge.co_pledgers.set([organisations[slug] for slug in entry["co_pledgers"]])
        pledge.objectives.set(Objective.objects.filter(number__in=entry["objectives"]))
        pledge.principles.set(Principle.objects.filter(letter__in=entry["principles"]))
        pledge.strategy_actions.set(
            StrategyAction.objects.filter(
                pillar__strategy__code=STRATEGY["code"], code__in=entry["strategy_actions"]
            )
        )
        approved_at = timezone.make_aware(PLEDGES_APPROVED_AT)
        _approve_sample(pledge, None, author, reviewer, approved_at)
        made[entry["key"]] = pledge
        for code, update_data in entry["updates"].items():
            update = PledgeUpdate.objects.create(
                pledge=pledge, cycle=cycles[code], created_by=author, **update_data
            )
            _approve_sample(
                pledge, update, author, reviewer, timezone.make_aware(CLOSED_CYCLE_DATES[code][1])
            )
    key, state = OPEN_CYCLE_UPDATE
    pledge = made[key]
    update = PledgeUpdate.objects.create(
        pledge=pledge,
        cycle=cycles[OPEN_CYCLE_CODE],
        status=PledgeUpdate.Status.ACHIEVED,
        narrative_en="Officials at all 22 crossings are trained; the referral record is in use "
        "everywhere.",
        narrative_ar="دُرّب الموظفون في جميع المنافذ الـ22، ويُستخدم سجل الإحالات في كل مكان.",
        state=state,
        submitted_at=timezone.now(),
        created_by=authors[pledge.organisation.slug],
    )
    PledgeEvent.objects.create(
        pledge=pledge,
        update=update,
        action="submit",
        from_state="draft",
        to_state=state,
        actor=authors[pledge.organisation.slug],
    )


def _approve_sample(pledge, update, author, reviewer, approved_at) -> None:
    """Record a sample pledge or update as submitted by its author and approved by IOM."""
    item = update or pledge
    item.state = "approved"
    item.submitted_at = approved_at - datetime.timedelta(days=3)
    item.approved_at = approved_at
    item.approved_content = frozen_update(update) if update else frozen_pledge(pledge)
    item.save()
    for action, actor, from_state, to_state in [
        ("submit", author, "draft", "submitted"),
        ("approve", reviewer, "submitted", "approved"),
    ]:
        event = PledgeEvent.objects.create(
            pledge=pledge,
            update=update,
            action=action,
            from_state=from_state,
            to_state=to_state,
            actor=actor,
        )
        when = item.submitted_at if action == "submit" else approved_at
        PledgeEvent.objects.filter(pk=event.pk).update(created_at=when)


def _seed_reports() -> None:
    """The coordinator's chapters of a past cycle's report, approved by IOM, and the national
    validation, so that a final edition can be compiled (idempotent)."""
    data = json.loads(DEMO_REPORTS.read_text(encoding="utf-8"))
    coordinator = User.objects.get(username=COORDINATOR)
    reviewer = User.objects.get(username=REVIEWER)
    for code, report in data["reports"].items():
        cycle = ReviewCycle.objects.get(code=code)
        layout = ReportLayout.objects.get(kind=report["kind"])
        chapters = {chapter.code: chapter for chapter in layout.chapters.all()}
        objectives_chapter = next(
            c for c in chapters.values() if c.kind == LayoutChapter.Kind.OBJECTIVES
        )
        texts = [(chapters[code_], None, text) for code_, text in report["chapters"].items()]
        texts += [
            (objectives_chapter, Objective.objects.get(number=int(number)), text)
            for number, text in report["syntheses"].items()
        ]
        validation = report.get("validation")
        # Written and approved in the week before the national validation.
        approved_at = (
            timezone.make_aware(
                datetime.datetime.fromisoformat(validation["held_on"])
                - datetime.timedelta(days=5, hours=-11)
            )
            if validation
            else None
        )
        for layout_chapter, objective, text in texts:
            _approved_chapter(
                cycle,
                layout_chapter,
                objective,
                text,
                report["language"],
                coordinator,
                reviewer,
                approved_at,
            )
        if validation and not Validation.objects.filter(cycle=cycle, kind=report["kind"]).exists():
            recorded = validation_record(
                user=coordinator,
                cycle=cycle,
                kind=report["kind"],
                held_on=datetime.date.fromisoformat(validation["held_on"]),
                body_en=validation["body_en"],
                body_ar=validation["body_ar"],
                organisation_ids=list(
                    Organisation.objects.filter(slug__in=validation["organisations"]).values_list(
                        "pk", flat=True
                    )
                ),
                decision=validation["decision"],
                notes=validation.get("notes", ""),
                minutes=SimpleUploadedFile("sample-validation-minutes.pdf", SAMPLE_MINUTES),
            )
            Validation.objects.filter(pk=recorded.pk).update(minutes_name="sample-minutes.pdf")


def _approved_chapter(
    cycle, layout_chapter, objective, text, language, writer, reviewer, approved_at=None
):
    chapter = chapter_start(
        user=writer, cycle=cycle, layout_chapter=layout_chapter, objective=objective
    )
    if chapter.state == Chapter.State.APPROVED:
        return
    chapter = chapter_save(
        user=writer,
        chapter_id=chapter.pk,
        base_version=chapter.version,
        language=language,
        body=_resolve_citations(cycle, text.get("body", "")),
        messages=[_resolve_citations(cycle, message) for message in text.get("messages", [])],
    )
    submitted = chapter_transition(user=writer, chapter_id=chapter.pk, action="submit")
    approved = chapter_transition(user=reviewer, chapter_id=chapter.pk, action="approve")
    if approved_at is not None:
        submitted_at = approved_at - datetime.timedelta(days=2)
        ChapterRevision.objects.filter(chapter=chapter).update(
            submitted_at=submitted_at, approved_at=approved_at
        )
        ChapterEvent.objects.filter(pk=submitted.pk).update(created_at=submitted_at)
        ChapterEvent.objects.filter(pk=approved.pk).update(created_at=approved_at)


def _resolve_citations(cycle, text: str) -> str:
    """`[cite:<organisation>/<subject kind>:<code>]` in the sample text becomes the citation
    of that organisation's submission in the cycle."""

    def citation(match) -> str:
        slug, kind, code = match.groups()
        lookup = {
            "objective": {"objective__number": int(code) if kind == "objective" else 0},
            "strategy_action": {"strategy_action__code": code},
            "section": {"section__code": code},
        }[kind]
        submission = Submission.objects.get(cycle=cycle, organisation__slug=slug, **lookup)
        return f"[cite:{submission.pk}]"

    return DEMO_CITATION.sub(citation, text)


DEMO_TRANSLATIONS = Path(__file__).resolve().parent / "data" / "demo_translations.json"
TRANSLATOR = "iom-translator"


def _seed_translations() -> None:
    """Reviewed translations of a past report: every contribution written in the other
    language, every chapter and synthesis, sentence by sentence (idempotent). They also fill
    the translation memory, as reviewing does."""
    data = json.loads(DEMO_TRANSLATIONS.read_text(encoding="utf-8"))
    translator = User.objects.get(username=TRANSLATOR)
    reviewer = User.objects.get(username=COORDINATOR)
    for code, sets in data["cycles"].items():
        cycle = ReviewCycle.objects.get(code=code)
        made = []
        for entry in sets["contributions"]:
            kind, subject = _subject(entry["subject"])
            submission = Submission.objects.get(
                cycle=cycle, organisation__slug=entry["organisation"], **{kind: subject}
            )
            made.append(("submission", submission.pk, entry["language"], entry["fields"]))
        for chapter_code, fields in sets["chapters"].items():
            chapter = Chapter.objects.get(
                cycle=cycle, layout_chapter__code=chapter_code, objective__isnull=True
            )
            made.append(
                ("chapter", chapter.pk, "ar" if chapter.language == "en" else "en", fields)
            )
        for number, sentences in sets["syntheses"].items():
            chapter = Chapter.objects.get(
                cycle=cycle,
                layout_chapter__kind=LayoutChapter.Kind.OBJECTIVES,
                objective__number=int(number),
            )
            language = "ar" if chapter.language == "en" else "en"
            made.append(("chapter", chapter.pk, language, {"body": sentences}))
        for kind, object_id, language, fields in made:
            translation = translation_start(
                user=translator, kind=kind, object_id=object_id, language=language
            )
            if translation.state == translation.State.REVIEWED:
                continue
            translation = translation_save(
                user=translator,
                translation_id=translation.pk,
                base_version=translation.version,
                targets={
                    name: [_resolve_citations(cycle, sentence) for sentence in sentences]
                    for name, sentences in fields.items()
                },
            )
            translation = translation_review(
                user=reviewer, translation_id=translation.pk, base_version=translation.version
            )
            # Translated and reviewed in the days after the text was approved.
            source = translation.source_revision or translation.source_chapter_revision
            Translation.objects.filter(pk=translation.pk).update(
                translated_at=source.approved_at + datetime.timedelta(days=1),
                reviewed_at=source.approved_at + datetime.timedelta(days=2),
            )
    for code, waivers in data.get("waivers", {}).items():
        cycle = ReviewCycle.objects.get(code=code)
        for entry in waivers:
            kind, subject = _subject(entry["subject"])
            submission = Submission.objects.get(
                cycle=cycle, organisation__slug=entry["organisation"], **{kind: subject}
            )
            translation_waive(
                user=reviewer,
                kind="submission",
                object_id=submission.pk,
                language=entry["language"],
                reason=entry["reason"],
            )


# --- the consultations behind the reports ------------------------------------------------------

DEMO_CONSULTATIONS = Path(__file__).resolve().parent / "data" / "demo_consultations.json"


def _seed_consultations() -> None:
    """Sample consultations held for the past cycles' reports, with participants by
    stakeholder type and sex, recorded by the coordinator (idempotent: by cycle and title)."""
    from objectives.models import StakeholderType
    from reporting.models import Consultation
    from reporting.services.consultations import (
        ConsultationData,
        ParticipantCount,
        consultation_create,
    )

    data = json.loads(DEMO_CONSULTATIONS.read_text(encoding="utf-8"))
    coordinator = User.objects.get(username=COORDINATOR)
    types = dict(StakeholderType.objects.values_list("code", "pk"))
    kinds = {"regional": "regional", "imrf": "imrf"}
    for code, entries in data["consultations"].items():
        cycle = ReviewCycle.objects.get(code=code)
        layout_kind = kinds[cycle.kind]
        for entry in entries:
            if Consultation.objects.filter(cycle=cycle, title=entry["title"]).exists():
                continue
            organiser = entry.get("organiser")
            changed_submissions = [
                Submission.objects.get(
                    cycle=cycle,
                    organisation__slug=slug,
                    **{f"{kind}__number": number for kind, number in subject.items()},
                ).pk
                for slug, subject in entry["changed_submissions"]
            ]
            consultation_create(
                user=coordinator,
                cycle=cycle,
                data=ConsultationData(
                    title=entry["title"],
                    language="en",
                    starts_on=datetime.date.fromisoformat(entry["starts_on"]),
                    ends_on=(
                        datetime.date.fromisoformat(entry["ends_on"])
                        if entry.get("ends_on")
                        else None
                    ),
                    format=entry["format"],
                    place=entry["place"],
                    organiser_id=(
                        Organisation.objects.get(slug=organiser).pk if organiser else None
                    ),
                    organiser_name=entry.get("organiser_name", ""),
                    objective_ids=list(
                        Objective.objects.filter(number__in=entry["objectives"]).values_list(
                            "pk", flat=True
                        )
                    ),
                    chapter_ids=list(
                        LayoutChapter.objects.filter(
                            layout__kind=layout_kind, code__in=entry["chapters"]
                        ).values_list("pk", flat=True)
                    ),
                    participants=[
                        ParticipantCount(None if group == "government" else types[group], *counts)
                        for group, counts in entry["participants"].items()
                    ],
                    kurdistan_region_took_part=entry["kurdistan_region"],
                    parliament_took_part=entry["parliament"],
                    how_input_was_used=entry["how_used"],
                    changed_submission_ids=changed_submissions,
                    changed_chapter_ids=list(
                        Chapter.objects.filter(
                            cycle=cycle,
                            layout_chapter__layout__kind=layout_kind,
                            layout_chapter__code__in=entry["changed_chapters"],
                            objective__isnull=True,
                        ).values_list("pk", flat=True)
                    ),
                ),
                uploads=(
                    [SimpleUploadedFile("sample-written-comments.pdf", SAMPLE_MINUTES)]
                    if entry["format"] == "written"
                    else []
                ),
            )
