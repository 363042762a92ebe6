"""Accounts in Chromium: login, invitation and account pages (axe-core, keyboard)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_logged_in_page_fixture_gives_a_session(logged_in_page):
    admin = factories.user("chefin", superuser=True)

    page = logged_in_page(admin)
    page.goto("/admin/")

    assert "/admin/login/" not in page.url
    assert page.get_by_text("chefin").count() >= 1
