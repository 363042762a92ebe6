"""What each worker no longer holds on its own (issue 16 point 3, docs/search.md "One copy of
the arrays for all workers"): the spelling dictionary and the German word list mapped from
files in the shared directory must answer exactly as the in-memory ones did.

The reference for the dictionary is the implementation before the arrays (a sorted list of
str, bisect, a brute-force scan instead of the histogram filter), kept here.
"""

import json
import random
from bisect import bisect_left
from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from bildungsportal.search import analyzer, shared_index, spelling
from bildungsportal.search.engine import search
from bildungsportal.search.facet_index import IndexHolder
from bildungsportal.search.indexing import rebuild_index
from bildungsportal.search.params import SearchParams
from tests import factories
from tests.test_search_shared_index import is_mapped

RELEVANCE = Path(__file__).resolve().parent / "relevance"


class ReferenceDictionary:
    """spelling.Dictionary as it was: Python lists, bisect, every candidate compared."""

    def __init__(self, frequencies):
        pairs = sorted((t, n) for t, n in frequencies if t)
        self.terms = [t for t, _ in pairs]
        self.df = [n for _, n in pairs]

    def documents(self, term):
        i = bisect_left(self.terms, term)
        return self.df[i] if i < len(self.terms) and self.terms[i] == term else 0

    def documents_with_prefix(self, prefix):
        start = bisect_left(self.terms, prefix)
        end = bisect_left(self.terms, prefix + "\U0010ffff")
        return sum(self.df[start:end])

    def candidates(self, word, limit_count=spelling.CANDIDATES):
        limit = spelling.max_distance(word)
        if not limit or not word.isalpha():
            return []
        keys = {}
        for form in {analyzer.stem(word), analyzer.prefix_form(word), word}:
            for term, n in zip(self.terms, self.df, strict=True):
                if len(term) < spelling.MIN_LENGTH - 1 or not term.isalpha():
                    continue
                edits = spelling.distance(form, term, limit)
                if edits == 0 or edits > limit:
                    continue
                key = (edits, -n, term)
                keys[term] = min(key, keys.get(term, key))
        if not keys:
            for term in self._stemmed_neighbours(word):
                keys[term] = (1, -self.documents(term), term)
        return [(t, e, -d) for e, d, t in sorted(keys.values())[:limit_count]]

    def _stemmed_neighbours(self, word):
        letters = "abcdefghijklmnopqrstuvwxyz"
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        variants = {a + b[1:] for a, b in splits if b}
        variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        variants |= {a + c + b[1:] for a, b in splits if b for c in letters}
        variants |= {a + c + b for a, b in splits for c in letters}
        variants.discard(word)
        found, own = set(), analyzer.stem(word)
        for variant in variants:
            stemmed = analyzer.stem.__wrapped__(variant)
            if 2 * len(stemmed) > len(word) and stemmed != own and self.documents(stemmed):
                found.add(stemmed)
        return found


def typos(term, rng, count=3):
    """A few one- and two-edit misspellings of a term (deletions, swaps, substitutions)."""
    found = set()
    for _ in range(count):
        word = list(term)
        for _ in range(rng.choice((1, 2))):
            i = rng.randrange(len(word))
            kind = rng.choice(("delete", "swap", "replace"))
            if kind == "delete" and len(word) > 4:
                del word[i]
            elif kind == "swap" and i + 1 < len(word):
                word[i], word[i + 1] = word[i + 1], word[i]
            else:
                word[i] = rng.choice("aeiounrstlkmüäöéд")
        found.add("".join(word))
    return found


def mapped_copy(frequencies, directory):
    assert shared_index.write_arrays(directory, spelling._arrays(frequencies))
    return spelling.Dictionary.mapped(directory)


def assert_same_answers(dictionary, reference, words):
    assert len(dictionary) == len(reference.terms)
    for term in reference.terms:
        assert dictionary.documents(term) == reference.documents(term), term
        for end in range(1, len(term) + 1):
            prefix = term[:end]
            assert (dictionary.documents_with_prefix(prefix)
                    == reference.documents_with_prefix(prefix)), prefix
    for word in words:
        assert dictionary.documents(word) == reference.documents(word), word
        assert (dictionary.documents_with_prefix(word)
                == reference.documents_with_prefix(word)), word
        assert dictionary.candidates(word) == reference.candidates(word), word
        assert dictionary.nearest(word) == (reference.candidates(word) or [None])[0], word


# -- the spelling dictionary, without a database ----------------------------------------------
FREQUENCIES = [
    ("python", 5), ("pylon", 50), ("englisch", 9), ("englis", 1), ("kur", 40), ("yoga", 3),
    ("x2000", 7), ("buchhalt", 4), ("buchhandl", 9), ("fuhrerschein", 12), ("strass", 6),
    ("курс", 8), ("курсы", 2), ("английск", 3), ("ελληνικ", 4), ("عربي", 5), ("日本語", 2),
    ("øresund", 1), ("ørebro", 1), ("z" * 40, 1), ("λ" * 40, 2), ("smørrebrød", 3),
    ("naïv", 1), ("café", 2), ("cafe", 9),
]


def test_the_mapped_dictionary_answers_as_the_old_one(tmp_path):
    rng = random.Random(7)
    terms = [t for t, _ in FREQUENCIES]
    words = {w for t in terms for w in typos(t, rng)} | set(terms) | {
        "pyhton", "englsich", "buchhaltnug", "fuhrershein", "курз", "anglijski", "", "zz",
        "z" * 41, "λ" * 41, "λ" * 39, "\U0010ffff", "a\U0010ffff", "日本", "øre", "caf"}
    reference = ReferenceDictionary(FREQUENCIES)
    mapped = mapped_copy(FREQUENCIES, tmp_path / "spelling")
    assert is_mapped(mapped.terms) and is_mapped(mapped.histograms)
    for dictionary in (spelling.Dictionary(FREQUENCIES), mapped):
        assert_same_answers(dictionary, reference, sorted(words))
    assert mapped.nearest("pyhton") == ("python", 1, 5)
    assert mapped.documents("курс") == 8 and mapped.documents_with_prefix("кур") == 10
    assert mapped.documents_with_prefix("ø") == 2


def test_an_empty_dictionary_maps_too(tmp_path):
    mapped = mapped_copy([], tmp_path / "spelling")
    assert len(mapped) == 0
    assert mapped.documents("kurs") == 0 and mapped.documents_with_prefix("k") == 0
    assert mapped.candidates("pyhton") == [] and mapped.nearest("pyhton") is None


# -- on a real catalog -------------------------------------------------------------------------
TITLES = (
    "Führerschein-Vorbereitung für Erwachsene", "Fußreflexzonenmassage am Abend",
    "Straßenverkehrsrecht kompakt", "Töpfern für Familien", "Aquarellieren im Grünen",
    "Курс русского языка для начинающих", "Ελληνικά για αρχάριους", "دورة اللغة العربية",
    "日本語 入門", "Smørrebrød und Café-Kultur", "Naïve Malerei", "Buchhaltung mit DATEV",
    "Gitarrenunterricht für Erwachsene", "Spanisch Konversation B1", "Bildungsurlaub Nordsee",
)


@pytest.fixture
def catalog(db):
    data = factories.small_catalog()
    for title in TITLES:
        factories.run(factories.offering(data["vhs"], data["vocab"], title=title,
                                         summary=f"{title}: Einführung und Übungen"),
                      data["haus"])
    rebuild_index()
    return data


def corrections(queries, index):
    """The "Meinten Sie …?" and the count of each query as the engine makes them."""
    found = {}
    for q in queries:
        result = search(SearchParams(q=q), index=index)
        found[q] = (result.suggestion, result.count)
    return found


@pytest.mark.django_db
def test_the_dictionary_of_a_real_catalog_is_written_once_and_mapped(catalog, tmp_path):
    reference = ReferenceDictionary(spelling.Dictionary.read_frequencies())
    assert len(reference.terms) > 50
    rng = random.Random(3)
    words = sorted({w for t in reference.terms if len(t) >= 4 for w in typos(t, rng, 2)}
                   | {"fuhrerschien", "gitare", "strasse", "kypc", "ελληνικα", "smorrebrod"})
    queries = ["Führerschien", "Gitare", "Fussreflexzonenmasage", "Strasse", "Курс",
               "Русскаго", "Ελληνικα", "Smørrebröd", "Aquarelieren", "Buchhaltnug Datev",
               "Spanisch Konversatoin", "Topfern Familie"]
    own = IndexHolder().get()  # sharing off (tests): the dictionary of this process
    before = corrections(queries, own)
    assert not is_mapped(own.spelling.terms)
    assert before["Führerschien"][0] == "Führerschein" and before["Gitare"][0]

    with override_settings(SEARCH_SHARED_INDEX_DIR=str(tmp_path / "index")):
        one, two = IndexHolder(), IndexHolder()
        first = one.get().spelling
        version = shared_index.root() / shared_index.version_name(one.get().rebuild_token,
                                                                  one.get().version)
        assert (version / spelling.SPELLING_DIRECTORY / "terms.npy").exists()
        second = two.get().spelling
        assert (two.builds, two.loads) == (0, 1)
        for dictionary in (first, second):
            assert is_mapped(dictionary.terms) and is_mapped(dictionary.df)
            assert_same_answers(dictionary, reference, words)
        assert first.documents("gitarrenunterricht") >= 1
        # The engine's corrections through the mapped dictionary are the same.
        assert corrections(queries, two.get()) == before
        assert two.get().spelling is second


@pytest.mark.django_db
def test_a_dictionary_that_cannot_be_shared_is_read_into_the_process(catalog, tmp_path):
    with override_settings(SEARCH_SHARED_INDEX_DIR=str(tmp_path / "index")):
        index = IndexHolder().get()
        version = shared_index.root() / shared_index.version_name(index.rebuild_token,
                                                                  index.version)
        for file in version.iterdir():  # the version is gone (another process cleaned it)
            file.unlink()
        version.rmdir()
        dictionary = spelling.Dictionary.for_index(index)
        assert not is_mapped(dictionary.terms)
        assert dictionary.documents("gitarr") == spelling.Dictionary.load().documents("gitarr")
        assert dictionary.documents("gitarr") > 0


# -- the German word list ----------------------------------------------------------------------
def relevance_words():
    """Every word of the relevance catalog and its queries (with their compounds)."""
    strings = []

    def collect(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    for name in ("catalog.json", "vhs.json", "judgments.json"):
        collect(json.loads((RELEVANCE / name).read_text(encoding="utf-8")))
    return {w for s in strings for w in analyzer.terms(s)}


@pytest.fixture
def fresh_word_list():
    analyzer.word_list.cache_clear()
    yield
    analyzer.word_list.cache_clear()


@pytest.mark.skipif(not analyzer.WORD_LIST.exists(), reason="no German word list")
def test_the_mapped_word_list_splits_as_the_sets_do(fresh_word_list, tmp_path):
    heads, lefts = analyzer.word_list()
    assert isinstance(heads, frozenset)  # sharing off under tests
    rng = random.Random(5)
    some_heads, some_lefts = sorted(heads), sorted(lefts)
    words = relevance_words() | set(rng.sample(some_heads, 3000)) | {
        rng.choice(some_lefts) + rng.choice(("", "s", "en", "e")) + rng.choice(some_heads)
        for _ in range(6000)} | {
        "fussreflexzonenmassage", "babyschwimmen", "einkommensteuererklaerung", "malschule",
        "kurfuersten", "giesskeramik", "tastschreiben", "schwimmbecken", "erschienen",
        "zzzzzzzzzzzz", "x" * 40, "курсрусского", "cafekultur", "smørrebrødkurs"}
    words = sorted(words)
    expected = [analyzer.split_words(w) for w in words]
    assert sum(map(bool, expected)) > 3000

    analyzer.word_list.cache_clear()
    with override_settings(SEARCH_SHARED_INDEX_DIR=str(tmp_path / "index")):
        mapped_heads, mapped_lefts = analyzer.word_list()
        assert isinstance(mapped_heads, analyzer.SortedWords)
        assert is_mapped(mapped_heads.array) and is_mapped(mapped_lefts.array)
        assert len(mapped_heads) == len(heads) and len(mapped_lefts) == len(lefts)
        assert [w.decode() for w in mapped_heads.array.tolist()] == sorted(heads)
        assert [analyzer.split_words(w) for w in words] == expected
        assert all(w in mapped_lefts for w in some_lefts[::50])
        assert not any(w in mapped_heads for w in ("", "x" * 60, "курс", "qqqq"))
        files = sorted(p.name for p in (tmp_path / "index").glob("words-*/*.npy"))
        assert files == ["heads.npy", "lefts.npy"]
        analyzer.word_list.cache_clear()  # a second process maps the same files
        assert analyzer.word_list()[0].array.tobytes() == mapped_heads.array.tobytes()
        assert len(list((tmp_path / "index").glob("words-*"))) == 1


def test_without_the_word_list_nothing_splits_at_it(fresh_word_list, tmp_path, monkeypatch):
    monkeypatch.setattr(analyzer, "WORD_LIST", tmp_path / "missing")
    with override_settings(SEARCH_SHARED_INDEX_DIR=str(tmp_path / "index")):
        heads, lefts = analyzer.word_list()
        assert not heads and not lefts
        assert analyzer.split_words("fussreflexzonenmassage") == ()
        assert not list((tmp_path / "index").glob("words-*"))


def test_sorted_words_membership():
    words = analyzer.SortedWords.of(["kurs", "schule", "курс", "zzzz"])
    assert words.array.dtype == np.dtype("S8")
    assert [w in words for w in ("kurs", "kur", "kursx", "курс", "schule", "", "a" * 9)] == [
        True, False, False, True, True, False, False]
    assert words.members(["kurs", "kur", "курс", "zzzz", "zzzzz"]) == [
        True, False, True, True, False]
    assert words.members(["kurs", "a" * 9]) == [True, False]
    assert analyzer.SortedWords.of([]).members(["kurs"]) == [False]


# -- the text stage cache keeps within its bytes ----------------------------------------------
@pytest.mark.django_db
def test_the_text_stage_cache_keeps_within_its_megabytes(settings):
    from bildungsportal.search import facet_index

    factories.small_catalog()
    index = IndexHolder().get()
    calls = []

    def compute(_, q):
        calls.append(q)
        big = np.zeros(300_000, dtype=np.int64)  # 2.4 MB, like a broad word at 1,000,000
        return big, big.astype(np.float64), None, None, None

    settings.SEARCH_TEXT_STAGE_CACHE_MB = 10
    for q in ("a", "b", "c", "d", "e"):
        index.text_stage(q, compute)
    assert list(index._texts) == ["d", "e"]  # 3 × 4.8 MB > 10 MB: the oldest out
    assert index._text_bytes == sum(facet_index._nbytes(a) for a in index._texts.values())
    index.text_stage("e", compute)  # kept: not computed again
    assert calls == ["a", "b", "c", "d", "e"]
    index.text_stage("tiny", lambda _, q: None)
    settings.SEARCH_TEXT_STAGE_CACHE_MB = 0
    index.text_stage("f", compute)
    assert list(index._texts) == ["f"]  # the newest always stays
    assert index._text_bytes == facet_index._nbytes(index._texts["f"])


def test_freed_heap_is_handed_back_every_few_hundred_searches(db, monkeypatch):
    """IndexHolder.get runs once per search; every TRIM_EVERY-th call returns the heap that
    searches freed (glibc's malloc_trim), so a worker does not keep its busiest moment."""
    from bildungsportal.search import facet_index

    trims = []
    monkeypatch.setattr(facet_index, "release_freed_memory", lambda: trims.append(1))
    monkeypatch.setattr(facet_index, "TRIM_EVERY", 5)
    holder = facet_index.IndexHolder()
    for _ in range(12):
        holder.get()
    assert len(trims) == 2 + (holder.builds > 0)  # and once after the first build
