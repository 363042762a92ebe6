"""Two regions on one instance: staff of one never see the other's drafts, surveys, responses,
monitoring or staff (issue 15), on the pages, the API and the exports.

Region A is the default (Kreis Bergstraße, any host, here "testserver"); region B is the
Odenwaldkreis on "odenwald.example". Each object has a marker text; a page cell says the status
and, for lists, which region's markers the page shows. Cells (adhocracy+-style):

- "302" log-in redirect, "403" no right on this host at all, "404" not found here,
- "200" shown, "200:A" / "200:B" / "200:AB" / "200:-" a list that shows exactly those
  regions' markers.

Roles × hosts: each row lists anonymous, provider staff (provider at home in A), office A,
office B, admin, first on host A, then (after "|") on host B.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from bildungsportal.accounts import invitations, rules
from bildungsportal.accounts.models import Invitation
from bildungsportal.catalog.models import Offering
from bildungsportal.places.models import Region
from bildungsportal.places.regions import default_region, using_region
from tests import factories
from tests import survey_factories as sf

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_a", "office_a", "office_b", "admin"]
HOSTS = {"A": "testserver", "B": "odenwald.example"}
MARKERS = {
    "offering": {"A": "Entwurf Alpha Kurs", "B": "Entwurf Beta Kurs"},
    "pending": {"A": "Wartet Alpha Kurs", "B": "Wartet Beta Kurs"},
    "survey": {"A": "Umfrage Alpha", "B": "Umfrage Beta"},
    "staff": {"A": "einladung-alpha@example.org", "B": "einladung-beta@example.org"},
    "town": {"A": "Bensheim", "B": "Erbach"},
}

# (label, url template, marker kind or None): the url's {draft_a} etc. are filled per world.
PAGES = {
    # -- drafts: the provider area and the office's screens --------------------------------
    "edit draft A": ("/anbieterbereich/angebote/{draft_a}/", None,
                     "302 200 200 403 200 | 302 200 403 404 200"),
    "edit draft B": ("/anbieterbereich/angebote/{draft_b}/", None,
                     "302 404 404 403 200 | 302 404 403 200 200"),
    "history draft A": ("/anbieterbereich/redaktion/angebote/{draft_a}/verlauf/", None,
                        "302 200 200 404 200 | 302 200 404 404 200"),
    "history draft B": ("/anbieterbereich/redaktion/angebote/{draft_b}/verlauf/", None,
                        "302 404 404 404 200 | 302 404 404 200 200"),
    "offering list": ("/anbieterbereich/", "offering",
                      "302 200:A 200:A 403 200:A | 302 200:A 403 200:B 200:B"),
    # -- the review queue ------------------------------------------------------------------
    "review queue": ("/anbieterbereich/redaktion/freigabe/", "pending",
                     "302 403 200:A 403 200:A | 302 403 403 200:B 200:B"),
    "review preview A": ("/anbieterbereich/redaktion/freigabe/{pending_a}/vorschau/", None,
                         "302 404 200 404 200 | 302 404 404 404 200"),
    "review preview B": ("/anbieterbereich/redaktion/freigabe/{pending_b}/vorschau/", None,
                         "302 404 404 404 200 | 302 404 404 200 200"),
    # -- staff: the open invitations ---------------------------------------------------------
    "staff list": ("/anbieterbereich/redaktion/einladungen/", "staff",
                   "302 403 200:A 403 200:A | 302 403 403 200:B 200:B"),
    # -- surveys: lists, builder, results, exports, API, answering ---------------------------
    "survey list": ("/umfrage/verwaltung/", "survey",
                    "302 403 200:A 403 200:A | 302 403 403 200:B 200:B"),
    "builder A": ("/umfrage/verwaltung/{survey_a}/", None,
                  "302 403 200 403 200 | 302 403 403 404 404"),
    "builder B": ("/umfrage/verwaltung/{survey_b}/", None,
                  "302 403 404 403 404 | 302 403 403 200 200"),
    "results list": ("/umfrage/auswertung/", "survey",
                     "302 403 200:A 403 200:A | 302 403 403 200:B 200:B"),
    "results A": ("/umfrage/auswertung/{survey_a}/", None,
                  "302 403 200 403 200 | 302 403 403 404 404"),
    "results B": ("/umfrage/auswertung/{survey_b}/", None,
                  "302 403 404 403 404 | 302 403 403 200 200"),
    "export A csv": ("/umfrage/auswertung/{survey_a}/export/csv/", None,
                     "302 403 200 403 200 | 302 403 403 404 404"),
    "export B xlsx": ("/umfrage/auswertung/{survey_b}/export/xlsx/", None,
                      "302 403 404 403 404 | 302 403 403 200 200"),
    "export B sav": ("/umfrage/auswertung/{survey_b}/export/sav/", None,
                     "302 403 404 403 404 | 302 403 403 200 200"),
    "api results A": ("/api/v1/surveys/{survey_a}/results", None,
                      "401 403 200 403 200 | 401 403 403 404 404"),
    "api results B": ("/api/v1/surveys/{survey_b}/results", None,
                      "401 403 404 403 404 | 401 403 403 200 200"),
    "answer A": ("/umfrage/{survey_a}/", None,
                 "200 200 200 200 200 | 404 404 404 404 404"),
    "answer B": ("/umfrage/{survey_b}/", None,
                 "404 404 404 404 404 | 200 200 200 200 200"),
    # -- monitoring: the office's pages and export, the public API ---------------------------
    "monitoring": ("/bildungsmonitoring/", "town",
                   "302 403 200:A 403 200:A | 302 403 403 200:B 200:B"),
    "monitoring export": ("/bildungsmonitoring/?format=csv", "town",
                          "302 403 200:A 403 200:A | 302 403 403 200:B 200:B"),
    "monitoring api": ("/api/v1/insights/towns", "town",
                       "200:A 200:A 200:A 200:A 200:A | 200:B 200:B 200:B 200:B 200:B"),
}


def cells(row):
    """{(role, host): expected} from "a b c d e | f g h i j"."""
    hosts = row.split("|")
    assert len(hosts) == 2, row
    out = {}
    for host, part in zip(HOSTS, hosts, strict=True):
        values = part.split()
        assert len(values) == len(ROLES), row
        out.update({(role, host): value for role, value in zip(ROLES, values, strict=True)})
    return out


def page_cases():
    for label, (url, markers, row) in PAGES.items():
        for (role, host), expected in cells(row).items():
            yield pytest.param(label, url, markers, role, host, expected,
                               id=f"{label}-{role}-on-{host}")


@pytest.fixture
def world():
    a = default_region()
    b = Region.objects.create(key="06437", name="Odenwaldkreis", slug="odenwald",
                              host="odenwald.example")
    bensheim = factories.town()
    erbach = factories.town("Erbach", ags="06437005", lat=49.66, lon=8.99, postcodes=("64711",))
    erbach.region = b
    erbach.save()
    vocab = factories.vocabularies()
    home_a = factories.provider("VHS Alpha", municipality=bensheim)
    home_b = factories.provider("VHS Beta", municipality=erbach)
    place_a, place_b = factories.venue(bensheim), factories.venue(erbach, name="Rathaus")

    def course(provider, place, title, status):
        item = factories.offering(provider, vocab, title, status=status)
        factories.run(item, place)
        return item

    objects = {
        "draft_a": course(home_a, place_a, MARKERS["offering"]["A"], "draft"),
        "draft_b": course(home_b, place_b, MARKERS["offering"]["B"], "draft"),
        "pending_a": course(home_a, place_a, MARKERS["pending"]["A"], "pending"),
        "pending_b": course(home_b, place_b, MARKERS["pending"]["B"], "pending"),
        "published_a": course(home_a, place_a, "Englisch in Bensheim", "published"),
        "published_b": course(home_b, place_b, "Englisch in Erbach", "published"),
    }
    surveys = {}
    for key, region in (("a", a), ("b", b)):
        with using_region(region):
            survey = sf.survey(f"umfrage-{key}", k=1, title=MARKERS["survey"][key.upper()])
            sf.question(survey, "alter", "single", choices=[("jung", "jung"), ("alt", "alt")])
            sf.respond(survey, {"alter": "jung"}, n=3)
            surveys[f"survey_{key}"] = survey
            invitations.create_invitation(MARKERS["staff"][key.upper()],
                                          Invitation.Role.OFFICE)
    users = {
        "anonymous": AnonymousUser(),
        "staff_a": factories.user("staff_a", providers=[home_a]),
        "office_a": factories.user("office_a", office=True),
        "office_b": factories.user("office_b", office=True, region=b),
        "admin": factories.user("admin", superuser=True),
    }
    return {"regions": {"A": a, "B": b}, "providers": {"A": home_a, "B": home_b},
            "users": users, "ids": {key: item.pk for key, item in objects.items()},
            "slugs": {key: item.slug for key, item in surveys.items()}, "surveys": surveys,
            "objects": objects}


@override_settings(ALLOWED_HOSTS=["testserver", "odenwald.example"])
@pytest.mark.parametrize("label, url, markers, role, host, expected", page_cases())
def test_pages_api_and_exports(client, world, label, url, markers, role, host, expected):
    user = world["users"][role]
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(url.format(**world["ids"], **world["slugs"]),
                          headers={"host": HOSTS[host]})

    status, _sep, shown = expected.partition(":")
    assert response.status_code == int(status), response.content[:300]
    if markers and status == "200":
        body = response.content.decode("utf-8", "replace")
        found = "".join(key for key, text in MARKERS[markers].items() if text in body)
        assert found == shown.replace("-", ""), (found, shown)


# -- the predicates alone, region by region ------------------------------------------------
# Columns: draft A, draft B (offerings), provider A, provider B, survey A, survey B, then the
# user-level can_review and is_office; one row per role, evaluated in region A | region B.
OBJECTS = ["draft_a", "draft_b", "provider_a", "provider_b", "survey_a", "survey_b"]
PREDICATES = {
    "can_edit_offering": ("draft_a draft_b", {
        "anonymous": "- - | - -",
        "staff_a":   "x - | x -",
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    "can_view_offering": ("draft_a draft_b", {
        "anonymous": "- - | - -",
        "staff_a":   "x - | x -",
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    "can_publish_offering": ("draft_a draft_b", {
        "anonymous": "- - | - -",
        "staff_a":   "- - | - -",  # provider A is not approved yet: submit only
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    "is_office_for_offering": ("draft_a draft_b", {
        "anonymous": "- - | - -",
        "staff_a":   "- - | - -",
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    "can_edit_provider": ("provider_a provider_b", {
        "anonymous": "- - | - -",
        "staff_a":   "x - | x -",
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    "can_invite": ("provider_a provider_b", {
        "anonymous": "- - | - -",
        "staff_a":   "x - | x -",
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    "can_publish_import": ("provider_a provider_b", {
        "anonymous": "- - | - -",
        "staff_a":   "- - | - -",  # not approved: imports wait for review
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    "is_office_for_provider": ("provider_a provider_b", {
        "anonymous": "- - | - -",
        "staff_a":   "- - | - -",
        "office_a":  "x - | - -",
        "office_b":  "- - | - x",
        "admin":     "x x | x x",
    }),
    # A survey's own region decides, whatever the host: the views also look it up by region.
    "can_manage_survey": ("survey_a survey_b", {
        "anonymous": "- - | - -",
        "staff_a":   "- - | - -",
        "office_a":  "x - | x -",
        "office_b":  "- x | - x",
        "admin":     "x x | x x",
    }),
}
USER_PREDICATES = {
    # anonymous staff_a office_a office_b admin, in region A | region B
    "is_office":               "- - x - x | - - - x x",
    "can_review":              "- - x - x | - - - x x",
    "can_use_backoffice":      "- x x - x | - x - x x",
    "can_manage_surveys":      "- - x - x | - - - x x",
    "can_view_survey_results": "- - x - x | - - - x x",
    "can_edit_vocabularies":   "- - x - x | - - - x x",
}


def predicate_cases():
    for name, (objects, table) in PREDICATES.items():
        assert set(table) == set(ROLES), name
        for role, row in table.items():
            for host, part in zip(HOSTS, row.split("|"), strict=True):
                for key, mark in zip(objects.split(), part.split(), strict=True):
                    yield pytest.param(name, role, host, key, mark == "x",
                                       id=f"{name}-{role}-{key}-in-{host}")


def user_predicate_cases():
    for name, row in USER_PREDICATES.items():
        for (role, host), mark in cells(row).items():
            yield pytest.param(name, role, host, mark == "x", id=f"{name}-{role}-in-{host}")


def fresh(world, role):
    user = world["users"][role]
    return type(user).objects.get(pk=user.pk) if user.is_authenticated else user


def thing(world, key):
    if key.startswith("provider_"):
        return world["providers"][key[-1].upper()]
    if key.startswith("survey_"):
        return world["surveys"][key]
    return Offering.objects.select_related("provider").get(pk=world["ids"][key])


@pytest.mark.parametrize("name, role, host, key, allowed", predicate_cases())
def test_object_predicates_per_region(world, name, role, host, key, allowed):
    predicate = getattr(rules, name)
    user, item, region = fresh(world, role), thing(world, key), world["regions"][host]
    if name == "can_manage_survey":
        assert predicate(user, item) is allowed
        return
    # passed explicitly, and taken from the running region (a request on that host)
    assert predicate(user, item, region) is allowed
    with using_region(region):
        assert predicate(fresh(world, role), item) is allowed


@pytest.mark.parametrize("name, role, host, allowed", user_predicate_cases())
def test_user_predicates_per_region(world, name, role, host, allowed):
    region = world["regions"][host]
    assert getattr(rules, name)(fresh(world, role), region) is allowed
    with using_region(region):
        assert getattr(rules, name)(fresh(world, role)) is allowed


def test_office_region_ids(world):
    assert rules.office_region_ids(fresh(world, "office_b")) == {world["regions"]["B"].pk}
    assert rules.office_region_ids(fresh(world, "staff_a")) == frozenset()
    assert rules.office_region_ids(AnonymousUser()) == frozenset()


def test_an_office_invitation_makes_an_editor_of_the_sending_hosts_region(world):
    with using_region(world["regions"]["B"]):
        invitation, _token = invitations.create_invitation("neu@example.org",
                                                           Invitation.Role.OFFICE)
    user = factories.user("neu")
    invitations.grant(invitation, user)

    assert invitation.region == world["regions"]["B"]
    assert rules.is_office(user, world["regions"]["B"])
    assert not rules.is_office(user, world["regions"]["A"])


def test_a_provider_present_in_both_regions_is_curated_by_both_offices(world):
    """One offering of provider A with a run in B too: both offices may review it."""
    item = world["objects"]["pending_a"]
    factories.run(item, factories.venue(item.runs.first().venue.municipality.__class__
                                        .objects.get(slug="erbach"), name="Schule Erbach"))
    office_b = fresh(world, "office_b")
    assert rules.can_edit_offering(office_b, item, world["regions"]["B"])
    assert not rules.can_edit_provider(office_b, item.provider, world["regions"]["B"])


def test_new_surveys_and_monitoring_records_belong_to_the_running_region(world):
    from bildungsportal.insights.models import FieldOfAction

    with using_region(world["regions"]["B"]):
        survey = sf.survey("neu-b")
        field = FieldOfAction.objects.create(title="Übergang Schule–Beruf")
    assert survey.region == world["regions"]["B"]
    assert field.region == world["regions"]["B"]
    assert list(FieldOfAction.objects.in_region(world["regions"]["A"])) == []


def test_the_invite_command_takes_the_region_by_its_key(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("invite", "buero-b@example.org", "--office", "--region", "06437", stdout=out)
    invitation = Invitation.objects.get(email="buero-b@example.org")
    assert invitation.region == world["regions"]["B"]
    assert "Odenwaldkreis" in out.getvalue()
    with pytest.raises(CommandError, match="keine Region"):
        call_command("invite", "x@example.org", "--office", "--region", "99999")


@override_settings(ALLOWED_HOSTS=["testserver", "odenwald.example"])
def test_another_regions_office_approves_the_offering_but_not_the_provider(client, world):
    """Provider A's pending course also runs in B: B's office may free it, but whether A's
    later edits go live without review stays the decision of A's office."""
    item = world["objects"]["pending_a"]
    factories.run(item, factories.venue(world["objects"]["draft_b"].runs.get().venue
                                        .municipality, name="Schule Erbach"))
    client.force_login(world["users"]["office_b"])
    client.post(f"/anbieterbereich/redaktion/freigabe/{item.pk}/", {"decision": "approve"},
                headers={"host": HOSTS["B"]})

    item.refresh_from_db()
    item.provider.refresh_from_db()
    assert item.status == Offering.Status.PUBLISHED
    assert item.provider.approved_at is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_todays_office_editors_those_of_the_default_region():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("accounts", "0003_mail_throttle")], [("accounts", "0004_office_regions")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    group = old.get_model("auth", "Group").objects.get_or_create(name="Bildungsbüro")[0]
    users = old.get_model("auth", "User").objects
    editor = users.create(username="alt-buero")
    editor.groups.add(group)
    users.create(username="niemand")
    old.get_model("accounts", "Invitation").objects.create(
        email="offen@example.org", role="office", token_hash="x" * 64,
        expires_at="2099-01-01T00:00:00Z")
    # As after a flush (another test's transactional clean-up): the migration makes the
    # default region from settings instead of leaving the editors without office rights.
    from bildungsportal.places.models import Region
    Region.objects.all()._raw_delete(Region.objects.db)  # no cascade: 0004 tables are gone

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    region = new.get_model("places", "Region").objects.get(is_default=True)
    memberships = new.get_model("accounts", "OfficeMembership").objects
    assert list(memberships.values_list("user__username", "region")) == [
        ("alt-buero", region.pk)]
    assert new.get_model("accounts", "Invitation").objects.get().region_id == region.pk
