"""PostgreSQL: a narrow copy of the lexemes, kept in step by triggers, for broad words.

A word that matches a large part of a national catalog needs every matching offering id.
A GIN index yields row addresses, so PostgreSQL reads the rows of search_searchdocument for
the ids (1.3 GB at 1,000,000 offerings, with the texts and the weighted, positioned vector).
search_lexemes holds just the id and the stripped vectors (no positions, no weights: about
600 MB), so the broad path of backends.PostgresBackend reads far fewer pages and checks the
title in the same pass (docs/search.md, "PostgreSQL at 1,000,000"). A stripped vector cannot
answer a phrase, so queries with one still read search_searchdocument.

Triggers on search_searchdocument keep the copy in step with every write, whatever path it
takes (the ORM, raw SQL, TRUNCATE by the test runner or a rebuild). SQLite: nothing (FTS5
keeps the offering id in its index).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """CREATE TABLE search_lexemes (
        offering_id bigint PRIMARY KEY,
        lexemes tsvector NOT NULL,
        title_lexemes tsvector NOT NULL
    )""",
    """INSERT INTO search_lexemes
        SELECT offering_id, strip(document), strip(title_document) FROM search_searchdocument""",
    "CREATE INDEX search_lexemes_gin ON search_lexemes USING GIN (lexemes)",
    # Per statement, with the changed rows as transition tables: a bulk write (500 documents
    # per INSERT, all of them in a rebuild's DELETE) costs one statement here, not one each.
    """CREATE FUNCTION search_lexemes_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_lexemes WHERE offering_id IN (SELECT offering_id FROM old_rows);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_lexemes_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_lexemes
            SELECT offering_id, strip(document), strip(title_document) FROM new_rows
            ON CONFLICT (offering_id) DO UPDATE
            SET lexemes = EXCLUDED.lexemes, title_lexemes = EXCLUDED.title_lexemes;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_lexemes_delete AFTER DELETE ON search_searchdocument
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_lexemes_remove()""",
    """CREATE FUNCTION search_lexemes_replace() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- an update that changes the offering id leaves the old id behind
        DELETE FROM search_lexemes WHERE offering_id IN (
            SELECT offering_id FROM old_rows EXCEPT SELECT offering_id FROM new_rows);
        INSERT INTO search_lexemes
            SELECT offering_id, strip(document), strip(title_document) FROM new_rows
            ON CONFLICT (offering_id) DO UPDATE
            SET lexemes = EXCLUDED.lexemes, title_lexemes = EXCLUDED.title_lexemes;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_lexemes_update AFTER UPDATE ON search_searchdocument
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_lexemes_replace()""",
    """CREATE TRIGGER search_lexemes_insert AFTER INSERT ON search_searchdocument
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_lexemes_add()""",
    """CREATE FUNCTION search_lexemes_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_lexemes;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_lexemes_truncate
        AFTER TRUNCATE ON search_searchdocument
        FOR EACH STATEMENT EXECUTE FUNCTION search_lexemes_truncate()""",
    "ANALYZE search_lexemes",
]
TRIGGERS = ("truncate", "delete", "update", "insert")
POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS search_lexemes_{name} ON search_searchdocument"
      for name in TRIGGERS),
    *(f"DROP FUNCTION IF EXISTS search_lexemes_{name}()"
      for name in ("truncate", "remove", "add", "replace")),
    "DROP TABLE IF EXISTS search_lexemes",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0007_title_tsvector"),
    ]

    operations = [
        migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD)),
    ]
