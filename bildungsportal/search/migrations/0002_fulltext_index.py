"""The backend-specific full-text index over search_searchdocument.

SQLite: an FTS5 table with the documents as external content, kept in step by triggers.
PostgreSQL: a stored, weighted tsvector column (title A, keywords B, summary C, body and
provider D) with a GIN index. Both index the analyzer's output, never raw text.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, keywords, summary, body, provider,
        content='search_searchdocument', content_rowid='offering_id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3'
    )""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, keywords, summary, body, provider)
        VALUES (new.offering_id, new.title, new.keywords, new.summary, new.body, new.provider);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, keywords, summary, body, provider)
        VALUES ('delete', old.offering_id, old.title, old.keywords, old.summary, old.body,
                old.provider);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, keywords, summary, body, provider)
        VALUES ('delete', old.offering_id, old.title, old.keywords, old.summary, old.body,
                old.provider);
        INSERT INTO search_fts(rowid, title, keywords, summary, body, provider)
        VALUES (new.offering_id, new.title, new.keywords, new.summary, new.body, new.provider);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', keywords), 'B')
        || setweight(to_tsvector('simple', summary), 'C')
        || setweight(to_tsvector('simple', body || ' ' || provider), 'D')
    ) STORED""",
    "CREATE INDEX search_document_gin ON search_searchdocument USING GIN (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: apps.get_model("search", "IndexState").objects.create(
                pk=1, version=1
            ),
            migrations.RunPython.noop,
        ),
    ]
