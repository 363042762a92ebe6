"""The provider area as one: the require(rule) decorator as a role matrix over representative
screens, the roles context processor, the shared navigation and the one page parameter."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from bildungsportal.accounts import rules
from bildungsportal.accounts.context_processors import roles
from bildungsportal.accounts.decorators import require
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "nobody", "other_staff", "vhs_staff", "office", "admin")


@pytest.fixture
def data():
    data = factories.small_catalog()
    data["office"] = factories.user("redaktion", office=True)
    data["admin"] = factories.user("chefin", superuser=True)
    data["vhs_staff"] = factories.user("vhs-team", providers=[data["vhs"]])
    data["other_staff"] = factories.user("musik-team", providers=[data["music"]])
    data["nobody"] = factories.user("ohne-rolle")
    data["anonymous"] = None
    return data


def vhs_offering(data):
    return data["vhs"].offerings.first()


# view → (url builder, {role: expected status}); 302 = to the log-in page.
PAGES = {
    "provider home": (lambda d: reverse("backoffice:home"),
                      "302 403 200 200 200 200"),
    "upload": (lambda d: reverse("backoffice:upload"),
               "302 403 200 200 200 200"),
    "feeds": (lambda d: reverse("backoffice:feeds"),
              "302 403 200 200 200 200"),
    "all feeds (office)": (lambda d: reverse("backoffice:feeds-all"),
                           "302 403 403 403 200 200"),
    "edit someone's offering": (lambda d: reverse("backoffice:offering-edit",
                                                  args=[vhs_offering(d).pk]),
                                "302 403 404 200 200 200"),
    "review queue": (lambda d: reverse("backoffice:review-queue"),
                     "302 403 403 403 200 200"),
    "review preview (hidden)": (lambda d: reverse("backoffice:review-preview",
                                                  args=[vhs_offering(d).pk]),
                                "302 404 404 404 200 200"),
    "offering history": (lambda d: reverse("backoffice:offering-history",
                                           args=[vhs_offering(d).pk]),
                         "302 404 404 200 200 200"),
    "survey builder": (lambda d: reverse("surveys:builder"),
                       "302 403 403 403 200 200"),
    "survey results": (lambda d: reverse("surveys:results_list"),
                       "302 403 403 403 200 200"),
    "invite": (lambda d: reverse("accounts:invite"),
               "302 403 200 200 200 200"),
}


@pytest.mark.parametrize("page", PAGES)
def test_role_matrix(client, data, page):
    url_of, row = PAGES[page]
    url = url_of(data)
    for role, expected in zip(ROLES, row.split(), strict=True):
        client.logout()
        if data[role] is not None:
            client.force_login(data[role])
        response = client.get(url)
        assert response.status_code == int(expected), (page, role)
        if expected == "302":
            assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_require_accepts_only_403_or_404():
    with pytest.raises(ValueError):
        require(rules.is_office, otherwise=RuntimeError)


def test_roles_in_templates_follow_the_rules(data):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    anonymous = roles(request)["roles"]
    assert not anonymous.is_office and not anonymous.can_use_backoffice
    request.user = data["vhs_staff"]
    staff = roles(request)["roles"]
    assert staff.can_use_backoffice and not staff.is_office
    assert staff.provider_ids == {data["vhs"].pk}
    request.user = data["office"]
    office = roles(request)["roles"]
    assert office.is_office and office.can_manage_surveys and office.can_view_survey_results


def test_one_navigation_shows_what_each_role_may_use(client, data):
    client.force_login(data["vhs_staff"])
    staff_page = client.get(reverse("backoffice:feeds")).content.decode()
    for name in ("backoffice:home", "backoffice:upload", "backoffice:export",
                 "backoffice:stale", "backoffice:broken-links"):
        assert f'href="{reverse(name)}"' in staff_page, name
    assert f'href="{reverse("backoffice:feeds")}" aria-current="page"' in staff_page
    for name in ("backoffice:office-home", "backoffice:feeds-all", "surveys:builder"):
        assert f'href="{reverse(name)}"' not in staff_page, name

    client.force_login(data["office"])
    for url in (reverse("backoffice:review-queue"), reverse("surveys:builder"),
                reverse("surveys:results_list"), reverse("backoffice:upload")):
        page = client.get(url).content.decode()
        assert page.count('class="bo-nav"') == 1, url
        assert "backoffice/area.css" in page, url
        for name in ("backoffice:home", "backoffice:office-home", "surveys:builder",
                     "surveys:results_list"):
            assert f'href="{reverse(name)}"' in page, (url, name)


@pytest.mark.parametrize("name", ["backoffice:home", "backoffice:stale",
                                  "backoffice:review-queue", "backoffice:invitations"])
def test_old_page_parameter_redirects_permanently(client, data, name):
    client.force_login(data["office"])
    url = reverse(name)
    response = client.get(url, {"seite": "3"})
    assert response.status_code == 301
    assert response["Location"] == f"{url}?page=3"
    assert client.get(response["Location"]).status_code == 200


def test_old_page_parameter_keeps_the_other_parameters(client, data):
    client.force_login(data["vhs_staff"])
    url = reverse("backoffice:home")
    response = client.get(url + "?status=draft&seite=2")
    assert response.status_code == 301
    assert response["Location"] == f"{url}?status=draft&page=2"
    client.force_login(data["office"])  # a POST is never redirected
    assert client.post(reverse("backoffice:review-queue") + "?seite=2").status_code == 200


def test_survey_free_texts_redirect_the_old_page_parameter(client, data):
    client.force_login(data["office"])
    url = "/umfrage/auswertung/irgendeine/freitexte/"
    response = client.get(url + "?frage=wunsch&seite=2")
    assert response.status_code == 301
    assert response["Location"] == url + "?frage=wunsch&page=2"


def test_pagination_links_use_page(client, data):
    vhs = data["vhs"]
    for number in range(25):
        factories.offering(vhs, data["vocab"], f"Kurs {number}")
    client.force_login(data["vhs_staff"])
    html = client.get(reverse("backoffice:home")).content.decode()
    assert "?page=2" in html and "seite=" not in html
