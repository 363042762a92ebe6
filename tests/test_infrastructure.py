"""The test infrastructure itself: which database a pass runs on, and the test environment."""

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_pass_runs_on_postgresql_with_the_gin_index():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            ["search_searchdocument", "search_document_gin"],
        )
        row = cursor.fetchone()
    assert row is not None, "search_document_gin is missing"
    assert "USING gin (document)" in row[0]


@pytest.mark.django_db
def test_sqlite_pass_has_the_fts5_table():
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 table belongs to SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'")
        row = cursor.fetchone()
    assert row is not None, "search_fts is missing"
    assert "USING fts5" in row[0]


def test_test_environment_serves_plain_http_without_a_manifest():
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SESSION_COOKIE_SECURE is False
    assert "Manifest" not in settings.STORAGES["staticfiles"]["BACKEND"]


@pytest.mark.django_db
def test_client_gets_pages_without_https_redirect(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
