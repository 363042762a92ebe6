"""Typo tolerance: a misspelled word still finds results, and the page asks "Meinten Sie …?".

The dictionary is the index itself: every term the backends hold (the analyzer's stems) with
the number of documents it occurs in, read once per index version (FacetIndex.spelling):
SQLite through an fts5vocab table in the connection's temp schema, PostgreSQL through ts_stat.

When a word is corrected (the rule)
    Only when the text query matched at most FEW_MATCHES offerings: a search that finds
    plenty never loads the dictionary. Then each required plain word (not in a phrase, not
    excluded, letters only, at least MIN_LENGTH letters) is corrected when
    - it matches nothing: its stem is no indexed term, no term starts with it (while typing),
      it has no synonyms and is no compound of the vocabulary; or
    - it matches at most RARE documents and the correction occurs in at least RATIO times
      as many, unless the offerings write the word with an umlaut or ß: then it is a real
      word typed without them ("strasse" for "Straße") and folding already found it.
    The correction is the indexed term nearest to the word's stem (or its typed form) by
    Damerau distance (optimal string alignment: a transposition counts 1): at most 1 for
    words of 4–7 letters, 2 from 8 letters (letters of the folded word); or the stem of a
    word one edit from the typed word, for typos that defeat the stemmer ("Buchhaltnug"
    keeps its ending; "Buchhaltung" stems to "buchhalt"), when nothing is near the stem.
    Ties go to the term in more documents, then alphabetically; in a query of several words,
    of the CANDIDATES nearest terms the one that finds most offerings together with the other
    words wins, and none that finds nothing with them. The corrected word joins the word's
    alternatives (word ODER correction), so synonyms and compound parts of the correction
    count too; the engine keeps it only when it finds more than the query as typed.

Candidates without a scan of the dictionary: terms are grouped by length, and a letter
histogram per term gives a lower bound on the edit distance (one edit changes the histogram
by at most 2), so numpy discards nearly all terms before a few are compared exactly.

The word shown to the user: stems are not words ("fuhrerschein"), so the readable form is
the spelling that occurs most often in the titles (else summaries and descriptions) of a few
offerings indexed under the corrected stem: "Führerschein". It falls back to the stem.
"""

import contextlib
import os
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from django.db import DatabaseError, transaction

from bildungsportal.core.db_router import read_connection as connection  # a replica if any

from . import analyzer
from .query import AnyOf, Phrase, Query

MIN_LENGTH = 4  # shorter words are never corrected
LONG_WORD = 8  # from this length two edits are allowed
FEW_MATCHES = 3  # the text query must match at most this many offerings
RARE = 2  # a word in at most this many documents …
RATIO = 20  # … is corrected when the correction is in this many times as many
CANDIDATES = 5  # corrections weighed against the other words of the query
SAMPLE_DOCUMENTS = 20  # offerings read to find the readable form of a corrected stem
BUCKETS = 27  # a–z, and one bucket for every other character
WORD = re.compile(r"[^\W_]+")


def max_distance(word):
    """Edits allowed for a folded word: 0 below 4 letters, 1 up to 7, 2 from 8."""
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) < LONG_WORD else 2


def distance(a, b, limit=2):
    """Damerau distance (optimal string alignment) of a and b; limit + 1 once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]):
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _histograms(terms):
    """One row of letter counts (a–z, other) per term (a list or a numpy str array), as int8."""
    terms = np.asarray(terms, dtype=str)
    if terms.size == 0:
        return np.zeros((0, BUCKETS), dtype=np.int8)
    width = terms.dtype.itemsize // 4
    codes = terms.view(np.uint32).reshape(terms.size, width)
    counts = np.zeros((terms.size, BUCKETS), dtype=np.int8)
    for column in codes.T:  # one character position at a time: each row once per step
        rows = np.flatnonzero(column)
        letters = column[rows]
        counts[rows, np.where((letters >= 97) & (letters <= 122), letters - 97, BUCKETS - 1)] += 1
    return counts


# The arrays of a dictionary, one .npy file each when shared (search/shared_index.py).
ARRAYS = ("terms", "df", "cumulative", "candidate_positions", "candidate_lengths",
          "histograms")
SPELLING_DIRECTORY = "spelling"  # in the directory of an index version


def _arrays(frequencies):
    """The arrays of a Dictionary of (term, documents) pairs: the terms sorted, as UTF-8 byte
    strings of one width (byte order is code point order, as Python sorts str), their
    document counts and running sums (prefix counts), and the correction candidates (words
    of letters) as positions of terms grouped by length, with their letter histograms."""
    frequencies = [(t, n) for t, n in frequencies if t]
    terms = np.array([t for t, _ in frequencies], dtype=str)
    df = np.array([n for _, n in frequencies], dtype=np.int64)
    order = np.argsort(terms, kind="stable")
    terms, df = terms[order], df[order]
    encoded = [t.encode() for t in terms.tolist()]
    width = max((len(t) for t in encoded), default=1)
    lengths = np.char.str_len(terms) if terms.size else np.zeros(0, dtype=np.int64)
    usable = np.flatnonzero((lengths >= MIN_LENGTH - 1) & np.char.isalpha(terms))
    usable = usable[np.argsort(lengths[usable], kind="stable")]
    return {
        "terms": np.array(encoded, dtype=f"S{width}"),
        "df": df,
        "cumulative": np.concatenate([[0], np.cumsum(df)]).astype(np.int64),
        "candidate_positions": usable.astype(np.int64),
        "candidate_lengths": lengths[usable].astype(np.int64),
        "histograms": _histograms(terms[usable]),
    }


class Dictionary:
    """The indexed terms and their document frequencies, with fast near-miss lookup.

    Held as a few numpy arrays (_arrays), built in the process (Dictionary(frequencies)) or
    mapped from the files that the first process to need it wrote into the shared directory
    of the index version (Dictionary.for_index), so all workers share one copy."""

    def __init__(self, frequencies):
        self._use(_arrays(frequencies))

    def _use(self, arrays):
        for name in ARRAYS:
            setattr(self, name, arrays[name])
        self.words = analyzer.SortedWords(self.terms)  # exact lookups
        self.width = self.words.width
        self._readable = {}

    def __len__(self):
        return int(self.terms.size)

    @classmethod
    def mapped(cls, directory):
        """The dictionary mapped from the files of directory (OSError or ValueError if none)."""
        from . import shared_index

        dictionary = object.__new__(cls)
        dictionary._use({name: shared_index.map_array(directory, name) for name in ARRAYS})
        return dictionary

    @classmethod
    def for_index(cls, index):
        """The dictionary of a search index (FacetIndex.spelling): mapped from its version's
        shared directory, written there first by the process that needs it first; read from
        the database into this process when sharing is off or the files can't be written."""
        from . import shared_index

        version = shared_index.root()
        if version is None:
            return cls.load()
        version = version / shared_index.version_name(index.rebuild_token, index.version)
        target = version / SPELLING_DIRECTORY
        if not target.is_dir():
            frequencies = cls.read_frequencies()
            if frequencies is None:
                return cls([])
            if not version.is_dir():  # the version is not shared (or was removed)
                return cls(frequencies)
            try:
                modified = version.stat().st_mtime_ns
            except OSError:
                return cls(frequencies)
            written = shared_index.write_arrays(target, _arrays(frequencies))
            with contextlib.suppress(OSError):  # versions are kept by age (_clean): keep it
                os.utime(version, ns=(modified, modified))
            if not written:
                return cls(frequencies)
        try:
            return cls.mapped(target)
        except (OSError, ValueError):
            return cls.load()

    @classmethod
    def load(cls):
        """The dictionary of the current database's search index; empty if it can't be read."""
        return cls(cls.read_frequencies() or [])

    @staticmethod
    def read_frequencies():
        """(term, documents) of every term of the database's search index, or None."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT word, ndoc FROM ts_stat('SELECT document FROM "
                        "search_searchdocument')"
                    )
                else:
                    cursor.execute(
                        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
                        "USING fts5vocab(main, search_fts, 'row')"
                    )
                    cursor.execute("SELECT term, doc FROM temp.search_vocab")
                return cursor.fetchall()
        except DatabaseError:
            return None

    def _position(self, key):
        """Where the UTF-8 bytes key would go into the sorted terms (bisect_left)."""
        if len(key) > self.width:  # longer than every term: after its first `width` bytes
            return int(np.searchsorted(self.terms, key[: self.width], side="right"))
        return int(np.searchsorted(self.terms, key))

    def documents(self, term):
        """Documents that hold exactly this term."""
        return self.documents_of([term])[0]

    def documents_of(self, terms):
        """documents() of each of a list of terms (one binary search for all)."""
        return [int(self.df[i]) if i >= 0 else 0 for i in self.words.positions(terms)]

    def _prefix_range(self, prefix):
        """(start, end) of the sorted terms that start with prefix."""
        return (self._position(prefix.encode()),
                self._position((prefix + "\U0010ffff").encode()))

    def documents_with_prefix(self, prefix):
        """Documents summed over the terms that start with prefix (an upper bound)."""
        start, end = self._prefix_range(prefix)
        return int(self.cumulative[end] - self.cumulative[start])

    def most_documents_with_prefix(self, prefix):
        """Documents of the most frequent term that starts with prefix (a lower bound of a
        prefix match)."""
        start, end = self._prefix_range(prefix)
        return int(self.df[start:end].max()) if end > start else 0

    def fewest_matches(self, required, excluded):
        """A lower bound of the documents a compiled query (query.compile_query) matches,
        from the document counts alone: one group's most frequent alternative; 0 when the
        counts can't tell (several groups, a phrase, an exclusion)."""
        if excluded or len(required) != 1:
            return 0
        return self._fewest(required[0])

    def _fewest(self, node):
        kind = node[0]
        if kind == "term":
            stem, prefix = node[1], node[2]
            return self.most_documents_with_prefix(stem) if prefix else self.documents(stem)
        if kind == "any":
            return max((self._fewest(option) for option in node[1]), default=0)
        if kind == "all" and len(node[1]) == 1:
            return self._fewest(node[1][0])
        return 0

    def matches(self, word, vocab=frozenset()):
        """About how many documents a folded query word finds (as query.compile_query reads it)."""
        if analyzer.synonyms(word) or analyzer.split(word, vocab):
            return RARE + 1  # a known word
        return max(
            self.documents(analyzer.stem(word)),
            self.documents_with_prefix(analyzer.prefix_form(word)),
        )

    def nearest(self, word):
        """(term, distance, documents) of the best correction of a folded word, or None."""
        found = self.candidates(word, 1)
        return found[0] if found else None

    def candidates(self, word, limit_count=CANDIDATES):
        """Up to limit_count (term, distance, documents) corrections of a folded word, best
        first: fewer edits, then more documents, then alphabetically."""
        limit = max_distance(word)
        if not limit or not word.isalpha() or not self.candidate_positions.size:
            return []
        keys = {}
        for form in {analyzer.stem(word), analyzer.prefix_form(word), word}:
            lo = np.searchsorted(self.candidate_lengths, len(form) - limit, side="left")
            hi = np.searchsorted(self.candidate_lengths, len(form) + limit, side="right")
            if lo >= hi:
                continue
            wanted = _histograms([form])[0].astype(np.int16)
            difference = np.abs(self.histograms[lo:hi].astype(np.int16) - wanted).sum(axis=1)
            for offset in np.flatnonzero(difference <= 2 * limit):
                position = int(self.candidate_positions[lo + int(offset)])
                term = self.terms[position].decode()
                edits = distance(form, term, limit)
                if edits == 0 or edits > limit:
                    continue
                key = (edits, -int(self.df[position]), term)
                keys[term] = min(key, keys.get(term, key))
        if not keys:
            for term in self._stemmed_neighbours(word):
                keys[term] = (1, -self.documents(term), term)
        return [(t, e, -d) for e, d, t in sorted(keys.values())[:limit_count]]

    def _stemmed_neighbours(self, word):
        """Indexed stems of the words one edit away from word.

        A typo can defeat the stemmer: "buchhaltnug" keeps its ending and stays 3 edits from
        the indexed stem "buchhalt", but one transposition gives "buchhaltung", which stems to
        it. Every word one edit away (about 55 per letter) is stemmed and looked up; only
        when nothing is near the stem itself, and only stems that keep over half the word
        (a variant that the stemmer cuts down to "fuhr" says little).
        """
        letters = "abcdefghijklmnopqrstuvwxyz"
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        variants = {a + b[1:] for a, b in splits if b}
        variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        variants |= {a + c + b[1:] for a, b in splits if b for c in letters}
        variants |= {a + c + b for a, b in splits for c in letters}
        variants.discard(word)
        own = analyzer.stem(word)
        stems = {analyzer.stem.__wrapped__(variant) for variant in variants}  # uncached:
        # typos aren't worth keeping
        stems = sorted(s for s in stems if 2 * len(s) > len(word) and s != own)
        return {s for s, n in zip(stems, self.documents_of(stems), strict=True) if n}

    def readable(self, term):
        """How the indexed stem is usually written in the offerings: 'Führerschein'."""
        if term not in self._readable:
            self._readable[term] = _readable_form(term)
        return self._readable[term]


def _sample_offerings(term):
    """Ids of a few offerings whose document holds exactly this term."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT offering_id FROM search_searchdocument "
                "WHERE document @@ to_tsquery('simple', %s) ORDER BY offering_id LIMIT %s",
                ["'" + term.replace("'", "''") + "'", SAMPLE_DOCUMENTS],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid LIMIT %s",
                ['"' + term.replace('"', '""') + '"', SAMPLE_DOCUMENTS],
            )
        return [row[0] for row in cursor.fetchall()]


def _readable_form(term):
    from bildungsportal.catalog.models import Offering

    try:
        rows = list(Offering.objects.filter(pk__in=_sample_offerings(term)).values_list(
            "title", "summary", "description"
        ))
    except DatabaseError:
        return term
    for texts in ([r[0] for r in rows], [f"{r[1]} {r[2]}" for r in rows]):
        forms = Counter(
            word for text in texts for word in WORD.findall(text or "")
            if [analyzer.stem(t) for t in analyzer.terms(word)] == [term]
        )
        if forms:
            return min(forms, key=lambda w: (-forms[w], len(w), w))
    return term


@dataclass(frozen=True)
class Correction:
    query: Query  # the parsed query with each correction as an alternative of its word
    words: dict  # folded word → the correction as a readable word

    def suggestion(self, string):
        """The search string with the misspelled words replaced: 'Python Kurs'."""
        def fix(match):
            token = match.group(0)
            folded = analyzer.terms(token)
            if len(folded) != 1 or folded[0] not in self.words:
                return token
            readable = self.words[folded[0]]
            return readable.lower() if token.islower() else readable

        return WORD.sub(fix, string or "")


def written_with_umlaut(dictionary, word):
    """Whether the offerings write this rare word with ä, ö, ü or ß ("Straße" for "strasse").

    Then the word as typed is that real word spelt without umlauts, which folding already
    matched: a typo is not corrected into a word, and a rare real word stays what it is.
    """
    readable = dictionary.readable(analyzer.stem(word))
    return any(ch in "äöüß" for ch in readable.lower())


def correct(parsed, index, matched):
    """A Correction for a parsed query that matched `matched` offerings, or None.

    The dictionary is only loaded when the query found (almost) nothing.
    """
    if matched > FEW_MATCHES:
        return None
    words = [
        phrase.words[0]
        for group in parsed.required for phrase in group.options
        if len(phrase.words) == 1 and max_distance(phrase.words[0])
        and phrase.words[0].isalpha()
    ]
    if not words:
        return None
    dictionary = index.spelling
    corrections = {}
    for word in dict.fromkeys(words):
        found = _documents(word, dictionary, index)
        if found > RARE:
            continue
        if found and written_with_umlaut(dictionary, word):
            continue  # folding before spelling: "strasse" is "Straße", never "stress"
        candidates = [
            c for c in dictionary.candidates(word) if not found or c[2] >= RATIO * found
        ]
        best = _best_with_the_other_words(parsed, word, candidates, dictionary, index)
        if best is not None:
            corrections[word] = dictionary.readable(best)
    if not corrections:
        return None
    return Correction(_with_corrections(parsed, corrections), corrections)


def _documents(word, dictionary, index):
    """How many offerings a folded query word finds. A word with synonyms or compound parts
    is asked of the index (a compound of two known words is no typo, but "Führerschien" split
    at a word of the list is one); others are estimated from the dictionary."""
    vocab = index.compound_vocabulary
    if analyzer.synonyms(word) or analyzer.split(word, vocab):
        return len(index.match(Query((AnyOf((Phrase((word,)),)),)))[0])
    return dictionary.matches(word, vocab)


def _best_with_the_other_words(parsed, word, candidates, dictionary, index):
    """The candidate term that finds most offerings together with the query's other words.

    Alone, the nearest frequent term wins (fewer edits, then more documents). With other
    words, each candidate is tried in the whole query (a few cached matches) and the one that
    co-occurs with them most wins; one that finds nothing with them is never chosen, so a
    correction cannot turn a query into ten unrelated results.
    """
    if not candidates:
        return None
    if len(parsed.required) < 2:
        return candidates[0][0]
    best, best_count = None, 0
    for term, _, _ in candidates:
        trial = _with_corrections(parsed, {word: dictionary.readable(term)})
        count = len(index.match(trial)[0])
        if count > best_count:
            best, best_count = term, count
    return best


def _with_corrections(parsed, corrections):
    """The parsed query with each corrected word's correction as one more alternative."""
    required = []
    for group in parsed.required:
        options = list(group.options)
        for phrase in group.options:
            if len(phrase.words) == 1 and phrase.words[0] in corrections:
                extra = analyzer.terms(corrections[phrase.words[0]])
                if extra and Phrase(tuple(extra[:1])) not in options:
                    options.append(Phrase(tuple(extra[:1])))
        required.append(AnyOf(tuple(options)))
    return replace(parsed, required=tuple(required))
