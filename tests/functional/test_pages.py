"""Every page renders for every role, in English and in Arabic, with a pinned query count."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.support import signed_in_queries

pytestmark = pytest.mark.django_db

# url name, url arguments, queries of the page itself (beyond signed_in_queries())
CATALOGUE_PAGES = [
    # the objectives with counts of actions, strategy actions and indicators
    ("objective_list", [], 1),
    # the objective; its actions; SDG indicators; strategy actions; indicators
    ("objective_detail", [10], 5),
    # the principles
    ("principle_list", [], 1),
    # strategies; pillars; their actions with lead organisations; supporting organisations;
    # linked objectives
    ("strategy_overview", [], 5),
    # indicators with their strategy action (no indicator: nothing to prefetch); the
    # disaggregation dimensions' labels; the approved revisions (their series). With
    # indicators, tests/functional/test_indicator_pages.py pins the count.
    ("indicator_list", [], 3),
    # the cycles
    ("cycle_list", [], 1),
]

# Home: memberships with organisations; the open cycle; all cycles; then one query per panel:
# strategy actions led (focal point), organisations with focal-point counts (coordinator).
# Beyond what every signed-in page loads: the home page's panels, among them the report
# chapters the user was named to draft.
HOME_QUERIES = {"alice": 5, "bob": 5, "carol": 5, "rita": 4, "cora": 5, "victor": 4, "ada": 5}


def client_for(user, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def seeded_catalogue(db, momd, moi):
    from objectives.models import Objective, Pillar, Strategy, StrategyAction

    strategy = Strategy.objects.create(code="nmms", title_en="Strategy", title_ar="استراتيجية")
    pillar = Pillar.objects.create(strategy=strategy, code="1", title_en="Data", title_ar="بيانات")
    for code, lead in (("1.1", momd), ("1.2", moi)):
        action = StrategyAction.objects.create(
            pillar=pillar, code=code, title_en=f"Action {code}", lead_organisation=lead
        )
        action.objectives.set(Objective.objects.filter(number__in=[1, 10]))
        action.supporting_organisations.set([moi])


def assert_page(client, url: str, language: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    if language == "ar":
        assert '<html lang="ar" dir="rtl">' in html
    else:
        assert '<html lang="en" dir="ltr">' in html
    return html


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "queries"), CATALOGUE_PAGES)
def test_catalogue_pages(
    request, seeded_catalogue, django_assert_num_queries, persona, language, name, args, queries
):
    user = request.getfixturevalue(persona)
    client = client_for(user, language)
    with django_assert_num_queries(signed_in_queries(user) + queries):
        assert_page(client, reverse(name, args=args), language)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_per_role(
    request, seeded_catalogue, django_assert_num_queries, persona, language
):
    user = request.getfixturevalue(persona)
    client = client_for(user, language)
    with django_assert_num_queries(signed_in_queries(user) + HOME_QUERIES[persona]):
        assert_page(client, reverse("home"), language)


def test_home_shows_each_role_its_panels(seeded_catalogue, alice, rita, cora):
    focal = Client()
    focal.force_login(alice)
    html = focal.get(reverse("home")).content.decode()
    assert "Strategy actions your organisation leads" in html and "Action 1.1" in html
    assert "Coordination" not in html
    coordinator = Client()
    coordinator.force_login(cora)
    html = coordinator.get(reverse("home")).content.decode()
    assert "Organisations and focal points" in html
    reviewer = Client()
    reviewer.force_login(rita)
    html = reviewer.get(reverse("home")).content.decode()
    assert "As a reviewer" in html and "Coordination" not in html


def test_arabic_pages_show_arabic_titles_marked_as_working_translations(alice):
    client = client_for(alice, "ar")
    html = client.get(reverse("objective_detail", args=[1])).content.decode()
    assert "جمع واستخدام بيانات دقيقة" in html
    assert "ترجمة غير رسمية" in html
    english = client_for(alice, "en").get(reverse("objective_detail", args=[1])).content.decode()
    assert "Collect and utilize accurate and disaggregated data" in english
    assert "working translation" not in english


def test_objective_list_shows_all_23_objectives(alice):
    html = client_for(alice, "en").get(reverse("objective_list")).content.decode()
    assert len(re.findall(r'href="/objectives/\d+/"', html)) == 23


def test_unknown_objective_is_404(alice):
    assert client_for(alice, "en").get(reverse("objective_detail", args=[24])).status_code == 404


@pytest.mark.parametrize("language", ["en", "ar"])
def test_login_page_renders_for_visitors(language):
    client = Client()
    client.cookies["django_language"] = language
    assert_page(client, reverse("login"), language)


@pytest.mark.parametrize("name", ["home", "objective_list", "strategy_overview", "cycle_list"])
def test_pages_ask_visitors_to_sign_in(name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_in_and_out(alice):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "alice", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_says_so_and_keeps_the_user_name(alice):
    client = Client()
    client.cookies["django_language"] = "ar"
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="alice"' in html
    assert "الرجاء إدخال" in html  # Django's Arabic "please enter a correct user name..."


def test_language_switch_flips_the_layout_and_is_remembered(alice):
    client = Client()
    client.force_login(alice)
    response = client.post(reverse("language_switch"), {"language": "ar", "next": "/objectives/"})
    assert response.status_code == 302 and response.url == "/objectives/"
    assert 'dir="rtl"' in client.get("/objectives/").content.decode()
    alice.refresh_from_db()
    assert alice.preferred_language == "ar"


def test_preferred_language_applies_at_sign_in(alice):
    alice.preferred_language = "ar"
    alice.save()
    client = Client()
    client.post(
        reverse("login"), {"username": "alice", "password": "correct horse battery staple"}
    )
    assert 'dir="rtl"' in client.get(reverse("home")).content.decode()


def test_admin_edits_arabic_titles(ada):
    client = Client()
    client.force_login(ada)
    assert client.get("/admin/objectives/objective/").status_code == 200
    response = client.get("/admin/objectives/objective/1/change/")
    assert response.status_code == 200
    assert "title_ar" in response.content.decode()
