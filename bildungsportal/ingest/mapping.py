"""Source categories → our vocabularies, through the CSV tables in ingest/mappings/.

``categories.csv``  source,term,kind,slug — one row per (term → vocabulary slug); a term ending in
                    ``*`` matches every term starting with the rest (KURSNET codes "C 14*");
                    source ``*`` applies to every format. Terms match case-insensitively, with
                    spaces collapsed. Kinds: topic, life_phase, format, target_group, language.
``fallbacks.csv``   source,kind,slug — used when no term of a record maps to that kind.
``ignored.csv``     source,term — terms that need no mapping (course organisation such as
                    "Sommerkurs"); they never produce a warning.
Lines starting with ``#`` are comments. The tables are data: edit them and re-import.
"""

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
KINDS = ("topic", "life_phase", "format", "target_group", "language")


def normalise(term):
    return " ".join(str(term).split()).casefold()


def _rows(path):
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as file:
        return [
            row for row in csv.DictReader(file)
            if row and not next(iter(row.values()), "").startswith("#")
        ]


@dataclass
class MappingTable:
    exact: dict = field(default_factory=dict)  # (source, term) -> [(kind, slug)]
    prefixes: list = field(default_factory=list)  # (source, prefix, kind, slug), longest first
    fallbacks: dict = field(default_factory=dict)  # (source, kind) -> slug
    ignored: set = field(default_factory=set)  # (source, term)

    def lookup(self, source, term):
        """[(kind, slug)] for one source term; empty when the term is unmapped."""
        key = normalise(term)
        found = [*self.exact.get((source, key), ()), *self.exact.get(("*", key), ())]
        for prefix_source, prefix, kind, slug in self.prefixes:
            if prefix_source in (source, "*") and key.startswith(prefix):
                found.append((kind, slug))
        return found

    def is_ignored(self, source, term):
        key = normalise(term)
        return (source, key) in self.ignored or ("*", key) in self.ignored

    def fallback(self, source, kind):
        return self.fallbacks.get((source, kind)) or self.fallbacks.get(("*", kind))


@cache
def load_table(directory=MAPPINGS_DIR):
    """The mapping tables, read once per process (restart or call load_table.cache_clear())."""
    directory = Path(directory)
    table = MappingTable()
    for row in _rows(directory / "categories.csv"):
        source, term = row["source"].strip(), row["term"].strip()
        kind, slug = row["kind"].strip(), row["slug"].strip()
        if kind not in KINDS or not term or not slug:
            continue
        if term.endswith("*"):
            table.prefixes.append((source, normalise(term[:-1]), kind, slug))
        else:
            table.exact.setdefault((source, normalise(term)), []).append((kind, slug))
    table.prefixes.sort(key=lambda item: -len(item[1]))
    for row in _rows(directory / "fallbacks.csv"):
        if row["kind"].strip() in KINDS and row["slug"].strip():
            table.fallbacks[(row["source"].strip(), row["kind"].strip())] = row["slug"].strip()
    for row in _rows(directory / "ignored.csv"):
        table.ignored.add((row["source"].strip(), normalise(row["term"])))
    return table
