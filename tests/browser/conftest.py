"""Browser tests: pytest-django's live_server plus the system Chromium driven by Playwright.

Every test in tests/browser/ is marked `browser` (tests/conftest.py): it runs in the SQLite
pass of `make test`, is deselected in the PostgreSQL pass and skips when /usr/bin/chromium is
missing (apt-get install chromium). No browser download: Playwright starts /usr/bin/chromium.

Fixtures:
    browser                    one headless Chromium for the session
    page                       a fresh context and page per test, base_url = live server,
                               so `page.goto("/angebote/")` works; the site's CSP stays on
    request_log                every URL the page requests; `.assert_same_origin()`
    assert_no_axe_violations   `assert_no_axe_violations(page)`: axe-core, WCAG 2.1 A + AA
    logged_in_page             `logged_in_page(user)`: `page` with `user` logged in (a session
                               cookie from Django's force_login; no trip through the login form)
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script_path():
    """axe.min.js as shipped inside the installed axe-playwright-python package."""
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in the main thread, which trips
    # Django's async-unsafe check for every ORM call made by a test or the fixtures around it.
    # Set here rather than at import so that the tests before the browser tests (they run
    # last, see tests/conftest.py) keep the check; it stays set for the rest of the session.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin"
    )
    # Generous: the live server shares two cores with the whole suite (and a second pass on
    # PostgreSQL); a wait only ends early, so this never slows a passing test.
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


class RequestLog:
    """The URLs a page requested, in order."""

    def __init__(self, page, origin):
        self.origin = origin
        self.urls = []
        page.on("request", lambda request: self.urls.append(request.url))

    def foreign(self):
        """Requested URLs that leave the live server (data:, blob: and about: stay local)."""
        own = urlsplit(self.origin).netloc
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).netloc != own
        ]

    def assert_same_origin(self):
        foreign = self.foreign()
        assert not foreign, "requests to third parties:\n" + "\n".join(foreign)


@pytest.fixture
def request_log(page, live_server):
    """Records every request of `page` from the start of the test."""
    return RequestLog(page, live_server.url)


def run_axe(page, context=None, tags=WCAG_TAGS):
    """Run axe-core on the loaded page; returns axe's results (violations only)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Injected through the DevTools protocol, so the page's CSP doesn't block it.
        page.evaluate(axe_script_path().read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    return page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
            f" — {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node.get('html', '')[:200]}")
    return "\n".join(lines)


def _assert_no_axe_violations(page, context=None):
    """Fail listing every WCAG 2.1 A/AA violation axe-core finds (id, impact, help, nodes)."""
    violations = run_axe(page, context)["violations"]
    if violations:
        pytest.fail(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )


@pytest.fixture
def assert_no_axe_violations():
    """`assert_no_axe_violations(page, context=None)`; context is an axe context (selector)."""
    return _assert_no_axe_violations


@pytest.fixture
def logged_in_page(page, live_server):
    """`logged_in_page(user)` logs `user` in on `page` and returns the page.

    The session is made by Django's test client (force_login) and handed to the browser as its
    cookie, so tests of other areas don't depend on the login form.
    """
    from django.conf import settings
    from django.test import Client

    def log_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return log_in
