"""Migrations match the models, and Django's deployment checklist passes."""

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parent.parent
# Variables that relax the production settings (see bildungsportal/settings.py) or that the
# test run sets for itself (DJANGO_ALLOW_ASYNC_UNSAFE: tests/browser/conftest.py).
RELAXING = {
    "DEBUG",
    "TESTING",
    "HTTPS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


@pytest.mark.django_db
def test_models_have_no_unmigrated_changes():
    output = StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=output, stderr=output)
    except SystemExit:
        pytest.fail(
            "models changed without a migration (run `bildungsportal makemigrations`):\n"
            + output.getvalue(),
            pytrace=False,
        )


def test_deploy_check_passes_without_warnings():
    env = {name: value for name, value in os.environ.items() if name not in RELAXING}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_SETTINGS_MODULE="bildungsportal.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output.upper(), output
    assert "System check identified no issues" in output, output
