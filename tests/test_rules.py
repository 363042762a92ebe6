"""Permission predicates (accounts/rules.py) as a role × object-state matrix.

Every public predicate has a table below: one row per role, one column per object. The
objects are the offerings of an approved provider A and of a not-yet-approved provider C in
each state, or the providers A, B, C themselves. "x" means allowed, "-" refused. Each cell is
its own test, so a failure names predicate, role and object.
"""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.utils import timezone

from bildungsportal.accounts import rules
from bildungsportal.accounts.models import OFFICE_GROUP, Membership, OfficeMembership
from bildungsportal.catalog.models import Format, Offering, Provider
from bildungsportal.places.regions import default_region

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "inactive", "staff_a", "staff_b", "staff_c", "office", "admin"]
STATES = ["draft", "pending", "published", "archived"]
# Offerings: provider A (approved) in every state, then provider C (not yet approved).
OFFERINGS = [("a", state) for state in STATES] + [("c", state) for state in STATES]
PROVIDERS = ["a", "b", "c", None]

# -- predicates of an offering ------------------------------------------------------------
#                 provider A: draft pending published archived | provider C: the same
OFFERING_MATRIX = {
    "can_view_offering": {
        "anonymous": "- - x - | - - x -",
        "inactive":  "- - x - | - - x -",
        "staff_a":   "x x x x | - - x -",
        "staff_b":   "- - x - | - - x -",
        "staff_c":   "- - x - | x x x x",
        "office":    "x x x x | x x x x",
        "admin":     "x x x x | x x x x",
    },
    "can_edit_offering": {
        "anonymous": "- - - - | - - - -",
        "inactive":  "- - - - | - - - -",
        "staff_a":   "x x x x | - - - -",
        "staff_b":   "- - - - | - - - -",
        "staff_c":   "- - - - | x x x x",
        "office":    "x x x x | x x x x",
        "admin":     "x x x x | x x x x",
    },
    # Staff of a provider the office has not approved yet may only submit for review.
    "can_publish_offering": {
        "anonymous": "- - - - | - - - -",
        "inactive":  "- - - - | - - - -",
        "staff_a":   "x x x x | - - - -",
        "staff_b":   "- - - - | - - - -",
        "staff_c":   "- - - - | - - - -",
        "office":    "x x x x | x x x x",
        "admin":     "x x x x | x x x x",
    },
    "can_submit_offering": {
        "anonymous": "- - - - | - - - -",
        "inactive":  "- - - - | - - - -",
        "staff_a":   "x x x x | - - - -",
        "staff_b":   "- - - - | - - - -",
        "staff_c":   "- - - - | x x x x",
        "office":    "x x x x | x x x x",
        "admin":     "x x x x | x x x x",
    },
    # The office's own rights (regions: tests/test_region_isolation.py), not the staff's.
    "is_office_for_offering": {
        "anonymous": "- - - - | - - - -",
        "inactive":  "- - - - | - - - -",
        "staff_a":   "- - - - | - - - -",
        "staff_b":   "- - - - | - - - -",
        "staff_c":   "- - - - | - - - -",
        "office":    "x x x x | x x x x",
        "admin":     "x x x x | x x x x",
    },
}

# -- predicates of a provider (None: no provider given) -----------------------------------
#                     A B C None
PROVIDER_MATRIX = {
    "can_edit_provider": {
        "anonymous": "- - - -",
        "inactive":  "- - - -",
        "staff_a":   "x - - -",
        "staff_b":   "- x - -",
        "staff_c":   "- - x -",
        "office":    "x x x x",
        "admin":     "x x x x",
    },
    # Imports of staff of a provider not yet approved wait for review (like can_publish).
    "can_publish_import": {
        "anonymous": "- - - -",
        "inactive":  "- - - -",
        "staff_a":   "x - - -",
        "staff_b":   "- x - -",
        "staff_c":   "- - - -",
        "office":    "x x x x",
        "admin":     "x x x x",
    },
    "is_office_for_provider": {
        "anonymous": "- - - -",
        "inactive":  "- - - -",
        "staff_a":   "- - - -",
        "staff_b":   "- - - -",
        "staff_c":   "- - - -",
        "office":    "x x x x",
        "admin":     "x x x x",
    },
    "can_invite": {
        "anonymous": "- - - -",
        "inactive":  "- - - -",
        "staff_a":   "x - - -",
        "staff_b":   "- x - -",
        "staff_c":   "- - x -",
        "office":    "x x x x",
        "admin":     "x x x x",
    },
}

# -- predicates of the user alone ----------------------------------------------------------
#          anonymous inactive staff_a staff_b staff_c office admin
USER_MATRIX = {
    "is_signed_in":            "- - x x x x x",
    "is_admin":                "- - - - - - x",
    "is_office":               "- - - - - x x",
    "is_provider_staff":       "- - x x x - -",
    "can_use_backoffice":      "- - x x x x x",
    "can_review":              "- - - - - x x",
    "can_edit_vocabularies":   "- - - - - x x",
    "can_manage_surveys":      "- - - - - x x",
    "can_view_survey_results": "- - - - - x x",
}

# provider_ids returns a set, not a yes/no: the providers each role works for.
PROVIDER_IDS = {
    "anonymous": set(), "inactive": set(), "staff_a": {"a"}, "staff_b": {"b"},
    "staff_c": {"c"}, "office": set(), "admin": set(),
}


def cells(row):
    values = row.replace("|", " ").split()
    assert set(values) <= {"x", "-"}, row
    return [value == "x" for value in values]


def offering_cases():
    for predicate, table in OFFERING_MATRIX.items():
        assert set(table) == set(ROLES), predicate
        for role, row in table.items():
            expected = cells(row)
            assert len(expected) == len(OFFERINGS), (predicate, role)
            for (owner, state), allowed in zip(OFFERINGS, expected, strict=True):
                yield pytest.param(predicate, role, owner, state, allowed,
                                   id=f"{predicate}-{role}-{owner}-{state}")


def provider_cases():
    for predicate, table in PROVIDER_MATRIX.items():
        assert set(table) == set(ROLES), predicate
        for role, row in table.items():
            for owner, allowed in zip(PROVIDERS, cells(row), strict=True):
                yield pytest.param(predicate, role, owner, allowed,
                                   id=f"{predicate}-{role}-{owner or 'none'}")


def user_cases():
    for predicate, row in USER_MATRIX.items():
        for role, allowed in zip(ROLES, cells(row), strict=True):
            yield pytest.param(predicate, role, allowed, id=f"{predicate}-{role}")


@pytest.fixture
def world():
    """Providers A and B (approved) and C (new), an offering of A and C per state, a user
    per role. Users are made without password hashing: the matrix has hundreds of cells."""
    now = timezone.now()
    providers = {
        "a": Provider.objects.create(name="Anbieter A", approved_at=now),
        "b": Provider.objects.create(name="Anbieter B", approved_at=now),
        "c": Provider.objects.create(name="Anbieter C (neu)", approved_at=None),
    }
    course = Format.objects.create(slug="kurs", name="Kurs")
    offerings = {
        (owner, state): Offering.objects.create(
            provider=providers[owner], title=f"Kurs {owner} {state}", status=state,
            format=course,
        )
        for owner, state in OFFERINGS
    }

    def account(name, **fields):
        return User.objects.create(username=name, **fields)

    office = account("office", is_staff=True)
    office.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
    OfficeMembership.objects.create(user=office, region=default_region())
    # The inactive user works for A and is even in the office: inactive beats both.
    inactive = account("inactive", is_active=False)
    inactive.groups.add(Group.objects.get(name=OFFICE_GROUP))
    OfficeMembership.objects.create(user=inactive, region=default_region())
    users = {
        "anonymous": AnonymousUser(),
        "inactive": inactive,
        "staff_a": account("staff_a"),
        "staff_b": account("staff_b"),
        "staff_c": account("staff_c"),
        "office": office,
        "admin": account("admin", is_staff=True, is_superuser=True),
    }
    for role, owner in [("inactive", "a"), ("staff_a", "a"), ("staff_b", "b"),
                        ("staff_c", "c")]:
        Membership.objects.create(user=users[role], provider=providers[owner])
    return {"providers": providers, "offerings": offerings, "users": users}


def fresh(world, role):
    """The role's user as a view would get it: loaded anew, with no cached roles."""
    user = world["users"][role]
    return User.objects.get(pk=user.pk) if user.is_authenticated or role == "inactive" else user


@pytest.mark.parametrize("predicate, role, owner, state, allowed", offering_cases())
def test_offering_predicates(world, predicate, role, owner, state, allowed):
    offering = Offering.objects.get(pk=world["offerings"][owner, state].pk)

    assert getattr(rules, predicate)(fresh(world, role), offering) is allowed


@pytest.mark.parametrize("predicate, role, owner, allowed", provider_cases())
def test_provider_predicates(world, predicate, role, owner, allowed):
    provider = world["providers"][owner] if owner else None

    assert getattr(rules, predicate)(fresh(world, role), provider) is allowed


@pytest.mark.parametrize("predicate, role, allowed", user_cases())
def test_user_predicates(world, predicate, role, allowed):
    assert getattr(rules, predicate)(fresh(world, role)) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_provider_ids(world, role):
    expected = {world["providers"][owner].pk for owner in PROVIDER_IDS[role]}

    assert rules.provider_ids(fresh(world, role)) == expected


def test_can_invite_without_a_provider_is_the_office_only(world):
    assert rules.can_invite(fresh(world, "office"))
    assert not rules.can_invite(fresh(world, "staff_a"))


@pytest.mark.parametrize("predicate", [name for name in USER_MATRIX] + ["provider_ids"])
def test_no_user_at_all_has_no_rights(predicate):
    assert not getattr(rules, predicate)(None)


def test_every_predicate_is_in_a_matrix():
    """A new predicate in rules.py needs its row here before it can be used."""
    public = {
        name for name, function in inspect.getmembers(rules, inspect.isfunction)
        if function.__module__ == rules.__name__ and not name.startswith("_")
    }
    # office_region_ids and can_manage_survey: their matrix is tests/test_region_isolation.py
    covered = set(OFFERING_MATRIX) | set(PROVIDER_MATRIX) | set(USER_MATRIX) | {
        "provider_ids", "office_region_ids", "can_manage_survey"}

    assert public == covered


def test_losing_a_membership_takes_effect_on_the_next_request(world):
    staff = fresh(world, "staff_a")
    offering = world["offerings"]["a", "draft"]
    assert rules.can_edit_offering(staff, offering)

    Membership.objects.filter(user=staff).delete()

    assert not rules.can_edit_offering(fresh(world, "staff_a"), offering)


def test_someone_elses_offering_by_id_is_refused(world):
    """Staff of B asking for A's draft by id: the predicate says no, whatever the id."""
    staff_b = fresh(world, "staff_b")
    for (_owner, state), offering in world["offerings"].items():
        if state != "published":
            assert not rules.can_view_offering(staff_b, Offering.objects.get(pk=offering.pk))
