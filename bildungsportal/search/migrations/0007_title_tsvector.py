"""PostgreSQL: a title-only tsvector with its own GIN index.

A broad word (tens of thousands of matches at national scale) is ranked coarsely, title match
or not, like SQLite above BM25_LIMIT (backends.py). Asking the weighted `document` column for
title matches (`'word':A`) makes PostgreSQL recheck every matching row's tsvector; this column
answers the same question from its index alone. SQLite: nothing (FTS5 filters by column).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """ALTER TABLE search_searchdocument ADD COLUMN title_document tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title)
    ) STORED""",
    "CREATE INDEX search_title_gin ON search_searchdocument USING GIN (title_document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_title_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_document",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0006_index_change_log"),
    ]

    operations = [
        migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD)),
    ]
