"""Test-suite wiring: the test environment, the two database passes, markers and a results file.

`make test` runs pytest twice:

1. `pytest` — SQLite (in memory), every test including tests/browser/ (Chromium).
   Tests marked `postgres` skip here.
2. `pytest --postgres` — starts a throwaway PostgreSQL server (tests/pg.py) before the test
   database is created and runs every test except the browser tests on it.

`--results-json PATH` writes every test's outcome, markers and skip reason plus the database
vendor of the run; `.ci/check_results.py` reads it to make sure nothing silently skipped.
"""

import importlib
import json
import os
from pathlib import Path

import pytest

from tests.pg import INSTALL_HINT as POSTGRES_INSTALL_HINT
from tests.pg import TemporaryPostgres, find_bin_dir

TESTS_DIR = Path(__file__).resolve().parent
BROWSER_DIR = TESTS_DIR / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_INSTALL_HINT = "apt-get install chromium"

# Reasons are part of the contract with .ci/check_results.py: keep them in step.
POSTGRES_PASS_REASON = "runs in the PostgreSQL pass: make test runs it"
POSTGRES_MISSING_REASON = (
    f"PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: {POSTGRES_INSTALL_HINT}"
)
CHROMIUM_MISSING_REASON = f"Chromium not found at {CHROMIUM}: {CHROMIUM_INSTALL_HINT}"
PLAYWRIGHT_MISSING_REASON = "Playwright is not installed: .venv/bin/pip install -e '.[test]'"

# The environment the tests run in (subprocesses started by tests inherit it):
# TESTING=1 serves static files without a collectstatic manifest, HTTPS=0 turns off the
# SSL redirect and secure cookies that the test client and the plain-http live server can't use.
TEST_ENVIRONMENT = {"TESTING": "1", "HTTPS": "0"}


def _apply_test_environment():
    """Set TEST_ENVIRONMENT and re-derive the settings that depend on it.

    pytest-django imports the settings before any conftest runs, so when pytest was started
    without these variables, the settings module is evaluated again under them and the values
    that changed are copied onto django.conf.settings, announced with `setting_changed` like
    override_settings does, so that cached objects (storages, …) are rebuilt.
    """
    changed = any(os.environ.get(name) != value for name, value in TEST_ENVIRONMENT.items())
    os.environ.update(TEST_ENVIRONMENT)
    if not changed:
        return
    import django.test.signals  # noqa: F401 — the receivers that reset cached settings
    from django.conf import settings
    from django.core.signals import setting_changed

    module = importlib.reload(importlib.import_module(settings.SETTINGS_MODULE))
    for name in dir(module):
        value = getattr(module, name)
        # DATABASES doesn't depend on these variables, and Django has filled in its defaults.
        if name.isupper() and name != "DATABASES" and getattr(settings, name, None) != value:
            setattr(settings, name, value)
            setting_changed.send(sender=type(settings), setting=name, value=value, enter=True)


_apply_test_environment()


def pytest_addoption(parser):
    group = parser.getgroup("bildungsportal")
    group.addoption(
        "--postgres",
        action="store_true",
        help="run on a throwaway PostgreSQL server (tests/pg.py); deselects browser tests",
    )
    group.addoption(
        "--results-json",
        metavar="PATH",
        help="write every test's outcome, markers and skip reason as JSON (for CI checks)",
    )


def pytest_configure(config):
    if config.getoption("results_json"):
        config.pluginmanager.register(
            ResultsFile(Path(config.getoption("results_json"))), "bildungsportal-results"
        )


def _engine():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"]


def pytest_report_header(config):
    if config.getoption("postgres"):
        return "database: throwaway PostgreSQL server (--postgres), browser tests deselected"
    return f"database: {_engine()}"


def _playwright_installed():
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError:
        return False
    return True


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)

    if config.getoption("postgres"):
        deselected = [item for item in items if item.get_closest_marker("browser")]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not item.get_closest_marker("browser")]
        if find_bin_dir() is None:
            # Without a server this pass would only repeat the SQLite pass: skip all of it.
            for item in items:
                item.add_marker(pytest.mark.skip(reason=POSTGRES_MISSING_REASON))
    else:
        on_postgres = "postgresql" in _engine()  # DATABASE_URL may point at a server
        chromium_reason = (
            CHROMIUM_MISSING_REASON
            if not Path(CHROMIUM).exists()
            else PLAYWRIGHT_MISSING_REASON
            if not _playwright_installed()
            else None
        )
        for item in items:
            if item.get_closest_marker("postgres") and not on_postgres:
                item.add_marker(pytest.mark.skip(reason=POSTGRES_PASS_REASON))
            if item.get_closest_marker("browser") and chromium_reason:
                item.add_marker(pytest.mark.skip(reason=chromium_reason))

    # Browser tests last: Playwright keeps an event loop running in the main thread.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    for item in items:
        markers = sorted(
            name for name in ("postgres", "browser") if item.get_closest_marker(name)
        )
        item.user_properties.append(("markers", ",".join(markers)))


def _use_database(settings_dict):
    """Point the `default` alias at another database (before the test database exists)."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"] = dict(settings_dict)
    connections.__dict__.pop("settings", None)  # cached_property: re-read settings.DATABASES
    connections._settings = None
    if hasattr(connections._connections, "default"):
        del connections["default"]
    connections.settings  # noqa: B018 — fills in the defaults (TEST, AUTOCOMMIT, …)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """pytest-django runs this before it creates the test database: start PostgreSQL here."""
    if not request.config.getoption("postgres"):
        return
    server = TemporaryPostgres().start()
    request.addfinalizer(server.stop)
    _use_database(server.settings_dict)


class ResultsFile:
    """Collects each test's final outcome and writes them as JSON at the end of the session."""

    def __init__(self, path):
        self.path = path
        self.tests = {}

    def pytest_runtest_logreport(self, report):
        markers = dict(report.user_properties).get("markers", "")
        record = self.tests.setdefault(
            report.nodeid,
            {
                "nodeid": report.nodeid,
                "markers": markers.split(",") if markers else [],
                "outcome": "passed",
                "reason": "",
            },
        )
        if report.failed:
            record["outcome"] = "failed" if report.when == "call" else "error"
        elif report.skipped and record["outcome"] == "passed":
            if hasattr(report, "wasxfail"):
                record["outcome"] = "xfailed"
            else:
                record["outcome"] = "skipped"
                reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
                record["reason"] = str(reason).removeprefix("Skipped: ")
        elif report.passed and report.when == "call" and hasattr(report, "wasxfail"):
            record["outcome"] = "xpassed"

    def pytest_sessionfinish(self, session, exitstatus):
        from django.db import connection

        self.path.parent.mkdir(parents=True, exist_ok=True)
        tests = list(self.tests.values())
        summary = {
            "postgres_pass": session.config.getoption("postgres"),
            "vendor": connection.vendor,
            "exitstatus": int(exitstatus),
            "counts": {
                outcome: sum(test["outcome"] == outcome for test in tests)
                for outcome in sorted({test["outcome"] for test in tests})
            },
            "tests": tests,
        }
        self.path.write_text(json.dumps(summary, indent=1))


@pytest.fixture(autouse=True)
def _forget_survey_memory():
    """Each test starts with the surveys' per-process memory empty: the minute-long memory
    of vocabularies (catalog_choices) would carry one test's towns and topics into the next,
    and the rate limit's counts one test's submits (also through the live server, which
    runs in this process)."""
    from bildungsportal.surveys import catalog_choices, ratelimit

    catalog_choices.forget()
    ratelimit.reset()
    yield


@pytest.fixture(autouse=True)
def _german_between_tests():
    """Each test starts in German, the site's default: a request under /ru/ leaves Russian
    active in its thread (LocaleMiddleware activates, nothing deactivates), and the next test's
    gettext would speak it. The API's rate limit forgets its counts the same way."""
    from django.utils import translation

    from bildungsportal.core import api_http
    from bildungsportal.places import regions

    translation.activate("de")
    api_http.LIMIT.reset()
    regions.forget_default()  # a rolled-back test may have replaced the default region
    yield
    translation.activate("de")
