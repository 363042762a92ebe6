"""Chromium, the live server and the browser test helpers work together."""

import re

import pytest
from playwright.sync_api import expect


def test_admin_login_page_loads(page, request_log):
    response = page.goto("/admin/login/")

    assert response is not None and response.ok
    expect(page).to_have_title(re.compile(r"Django"))
    expect(page.locator("input[name=username]")).to_be_visible()
    assert any(url.endswith("/admin/login/") for url in request_log.urls)
    request_log.assert_same_origin()


def test_request_log_reports_third_party_requests(page, request_log):
    page.route("https://cdn.example.org/**", lambda route: route.fulfill(body=""))
    page.set_content('<img src="https://cdn.example.org/pixel.png" alt="">')

    assert request_log.foreign() == ["https://cdn.example.org/pixel.png"]
    with pytest.raises(AssertionError, match="cdn.example.org"):
        request_log.assert_same_origin()


def test_axe_runs_under_the_sites_csp(page, assert_no_axe_violations):
    page.goto("/admin/login/")
    assert_no_axe_violations(page)


def test_axe_reports_every_violation(page, assert_no_axe_violations):
    page.set_content("<html><body><img src='data:,'><input type=text></body></html>")

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_axe_violations(page)
    assert "image-alt (critical)" in str(failure.value)
    assert "label (critical)" in str(failure.value)
