"""PostgreSQL: the postings of every lexeme, so a broad word is answered without reading rows.

A GIN index yields row addresses, and the offering id lives in the row: a word that matches
a quarter of 1,000,000 offerings made PostgreSQL visit every page of search_lexemes
(migration 0008; 100–400 ms per first broad word). search_postings holds, per lexeme of the
whole document (field 0) and of the title (field 1), the ids of the offerings that have it,
packed as 4-byte integers and stored uncompressed out of line: one read per lexeme
(backends.postings_match; docs/search.md, "PostgreSQL at 1,000,000").

The postings are a snapshot. Every write to search_lexemes after it (triggers, per statement)
adds the written offering ids to search_postings_stale, and a search reads those offerings
from search_lexemes instead. A compaction (postings.compact) rewrites the postings and
removes exactly the stale rows its snapshot saw, in one statement. SQLite: nothing.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """CREATE TABLE search_postings (
        field smallint NOT NULL,
        lexeme text COLLATE "C" NOT NULL,
        ids bytea NOT NULL
    )""",
    # Read whole and often: no compression to undo on every read.
    "ALTER TABLE search_postings ALTER COLUMN ids SET STORAGE EXTERNAL",
    # C collation: `lexeme LIKE 'kurs%'` (a prefix term) is a range scan of this index.
    "CREATE INDEX search_postings_lexeme ON search_postings (lexeme)",
    # Insert-only, duplicates allowed: a compaction deletes the rows its snapshot saw, and a
    # row written after it (an upsert would have updated an old row instead) survives.
    "CREATE TABLE search_postings_stale (offering_id bigint NOT NULL)",
    """CREATE FUNCTION search_postings_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_postings_stale SELECT offering_id FROM new_rows;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_postings_mark_old() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_postings_stale SELECT offering_id FROM old_rows;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_postings_mark_both() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_postings_stale
            SELECT offering_id FROM old_rows UNION SELECT offering_id FROM new_rows;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_postings_insert AFTER INSERT ON search_lexemes
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_postings_mark_new()""",
    """CREATE TRIGGER search_postings_delete AFTER DELETE ON search_lexemes
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_postings_mark_old()""",
    """CREATE TRIGGER search_postings_update AFTER UPDATE ON search_lexemes
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_postings_mark_both()""",
    # An empty search_lexemes has empty postings and nothing stale.
    """CREATE FUNCTION search_postings_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_postings, search_postings_stale;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_postings_truncate AFTER TRUNCATE ON search_lexemes
        FOR EACH STATEMENT EXECUTE FUNCTION search_postings_truncate()""",
    # Everything already there is stale until the first compaction (publish_index after
    # the deploy, or the next write that finds it due): correct from the start, fast after.
    "INSERT INTO search_postings_stale SELECT offering_id FROM search_lexemes",
]
TRIGGERS = ("insert", "delete", "update", "truncate")
POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS search_postings_{name} ON search_lexemes" for name in TRIGGERS),
    *(f"DROP FUNCTION IF EXISTS search_postings_{name}()"
      for name in ("mark_new", "mark_old", "mark_both", "truncate")),
    "DROP TABLE IF EXISTS search_postings_stale",
    "DROP TABLE IF EXISTS search_postings",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0008_lexeme_table"),
    ]

    operations = [
        migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD)),
    ]
