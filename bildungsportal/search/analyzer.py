"""The German analyzer: one set of functions turns text into search terms, at index and query time.

Both backends index and match only its output, so they agree on what matches.

- terms(): Unicode normalisation (NFKC), case folding, umlaut folding (ä = ae, ö = oe, ü = ue,
  ß = ss) and stripping of other diacritics (é = e), split into words. Version 1, unchanged.
- stem(): German Snowball (PyStemmer) on the folded word. The Snowball German stemmer reads
  "ae/oe/ue" as umlauts itself, so "Führerschein" and "Fuehrerschein" both become
  "fuhrerschein". It is applied until nothing changes (at most three rounds), because one round
  is not idempotent ("kurse" → "kurs" → "kur"): with the fixed point "Kurs" and "Kurse" give
  the same stem, at index and at query time.
- German stop words are dropped at index time (and at query time, see query.py).
- Compounds: at index time a word that is two words of the compound vocabulary glued together
  (optionally with a linking "s") also yields the stems of its parts, appended after the
  field's own terms so phrases over the original words stay adjacent. With the German word
  list (WORD_LIST, Debian's wngerman) a word also splits at ordinary nouns and nominalised
  verbs ("Fußreflexzonenmassage" → massage, "Babyschwimmen" → schwimmen,
  "Einkommensteuererklärung" → einkommen, steuererklärung → steuer, erklärung), see
  split_words(); docs/search.md says how this was chosen.
- Synonyms (the office's SynonymGroup table, seeded from data/synonyms.txt) are expanded at
  query time only.
"""

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import Stemmer

TERM = re.compile(r"[^\W_]+")
MAX_TERM_LENGTH = 40
SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"


def fold(text):
    """Normalise and fold text: 'Fußball-Übungen' → 'fussball-uebungen'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # str.replace is many times faster than str.translate with a dict (casefold made ß "ss").
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    if text.isascii():  # most German text once the umlauts are spelt out: nothing to strip
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(text):
    """The list of folded words in text, in order (no stemming, stop words kept)."""
    return [t[:MAX_TERM_LENGTH] for t in TERM.findall(fold(text or ""))]


STOP_WORDS = frozenset(terms("""
    und oder aber der die das den dem des ein eine einer einen einem eines für mit am im in
    zu zum zur von vom auf bei aus an als um über unter nach vor bis durch ohne gegen sich
    es ist sind wird werden wir sie ihr ich du er man auch nicht noch nur so wie was wer
    """))

# Common heads of course compounds (Englischkurs, Computerkurse, Elternabend …). With the
# topic names of the catalog they form the vocabulary that compounds are split by.
COMPOUND_HEADS = (
    "kurs", "kurse", "seminar", "workshop", "training", "gruppe", "schule", "beratung",
    "hilfe", "treff", "abend", "lehrgang", "unterricht", "werkstatt", "vortrag", "reise",
)
MIN_PART = 3
# Heads that only say "this is a course": in a query, "Yogakurs" also finds "Yoga am Morgen".
GENERIC_HEADS = (
    "kurse", "kurs", "seminare", "seminar", "workshops", "workshop", "training", "lehrgang",
    "unterricht",
)
MIN_GENERIC_LEFT = 4  # "Diskurs", "Konkurs", "Exkurs" are no courses
# Heads that name the kind of place or format of an activity: in a query (never at index
# time) "Malschule", "Keramikwerkstatt" also find the activity alone, like a generic head.
ACTIVITY_HEADS = (
    "schule", "werkstatt", "atelier", "studio", "treff", "gruppe", "stunde", "wochenende",
)
MIN_DERIVED = 5  # letters a derived base keeps ("massieren" gives no "mass")

# Debian's wngerman (new German orthography, about 356,000 words and forms, nouns capitalised).
# Read once per process; without it, compounds split only by the topic vocabulary.
WORD_LIST = Path("/usr/share/dict/ngerman")
# In a vocabulary (a frozenset of stems): split at the word list's nouns too. A marker element
# rather than a flag, so vocabularies with and without it are cached apart (_word).
WORDS = "\x00words"
MIN_WORD_PART = 4  # both parts of a split at the word list …
MIN_WORD_LEFT = 3  # … except a short verb stem as first part ("mal"; not "Kur" in Kurfürst)
MIN_WORD_COMPOUND = 8
MIN_UNKNOWN_LEFT_HEAD = 7  # a head this long may follow a first part the list does not know
MAX_SPLIT_DEPTH = 3
LINKS = ("s", "n", "en", "es", "e")  # linking elements after a first part (Bildungs-, Wochen-)
INFLECTED = ("e", "em", "en", "er", "es", "st", "t")

_stemmer = Stemmer.Stemmer("german")


# Cache sizes; each process fills its own. A full entry of stem or prefix_form costs ≈ 140
# bytes (28 MB per 200,000), of _word ≈ 250. stem and _word serve indexing, where words repeat
# across a million offerings: with a 300,000-word vocabulary (Zipf) a stem cache of 50,000
# instead of 200,000 made the analysis ≈ 8 % slower, so both keep their size. prefix_form is
# only asked at query time, where a worker sees a few thousand distinct words per thousand
# searches (bench/longtail.py: 849 prefix forms after 1,000) and a miss costs microseconds.
STEM_CACHE = 200_000
PREFIX_CACHE = 20_000
WORD_CACHE = 200_000


@lru_cache(maxsize=STEM_CACHE)
def stem(term):
    """The stem of a folded word, stemmed until it no longer changes."""
    for _ in range(3):
        stemmed = _stemmer.stemWord(term)
        if stemmed == term or not stemmed:
            break
        term = stemmed
    return term


@lru_cache(maxsize=PREFIX_CACHE)
def prefix_form(term):
    """A folded word as its stems begin, for matching what is still being typed.

    The stem itself is too short a prefix: "kurs" stems to "kur" and "kur*" also finds
    "kurz" and "Kurfürst". The typed word cannot be used as it is either, because stems
    spell umlauts without the e ("fuehrersch" must find "fuhrerschein"). So the stemmer
    normalises the word with a trailing "q", which no German suffix rule removes.
    """
    marked = _stemmer.stemWord(term + "q")
    return marked[:-1] if marked.endswith("q") else term


@lru_cache(maxsize=64)
def _vocabulary(words):
    return frozenset(stem(t) for w in words for t in terms(w) if t not in STOP_WORDS)


def vocabulary(names=(), words=False):
    """The compound vocabulary: stems of the built-in heads and of these names (topic names);
    with words=True compounds also split at the German word list's nouns (split_words)."""
    stems = _vocabulary(tuple(sorted({*COMPOUND_HEADS, *names})))
    return stems | {WORDS} if words and word_list()[0] else stems


def catalog_vocabulary():
    """The compound vocabulary from the catalog's topic names (one small query) and the
    word list: what indexing and the search use."""
    from bildungsportal.catalog.models import Topic

    return vocabulary(Topic.objects.values_list("name", flat=True), words=True)


# Version of the word list's files in the shared directory: raise it when word_list()
# changes what it keeps (the files are keyed by it, the list's mtime and size).
WORD_LIST_FORMAT = 1


class SortedWords:
    """A set of folded words as a sorted array of UTF-8 byte strings (fixed width), usually
    mapped from a file shared by all processes: membership by binary search."""

    def __init__(self, array):
        self.array = array
        self.width = array.dtype.itemsize

    def __len__(self):
        return int(self.array.size)

    def __contains__(self, word):
        return self.positions([word])[0] >= 0

    def members(self, words):
        """For each word of a list, whether it is in the set (one binary search for all)."""
        return [position >= 0 for position in self.positions(words)]

    def positions(self, words):
        """For each word of a list, its position in the sorted array, or -1 when it is not
        there (one binary search for all)."""
        keys = [w.encode() for w in words]
        if not keys or not self.array.size:
            return [-1] * len(keys)
        # A key longer than the array's width (or empty) cannot be in it; np.array would cut it.
        fits = np.array([0 < len(k) <= self.width for k in keys])
        wanted = np.array([k if f else b"" for k, f in zip(keys, fits, strict=True)],
                          dtype=self.array.dtype)
        found = np.minimum(np.searchsorted(self.array, wanted), self.array.size - 1)
        return np.where(fits & (self.array[found] == wanted), found, -1).tolist()

    @classmethod
    def of(cls, words):
        encoded = sorted(w.encode() for w in words)
        width = max((len(w) for w in encoded), default=1)
        return cls(np.array(encoded, dtype=f"S{width}"))


def _members(words, keys):
    """Whether each of keys is in words (a frozenset or a SortedWords)."""
    if isinstance(words, SortedWords):
        return words.members(keys)
    return [key in words for key in keys]


@lru_cache(maxsize=1)
def word_list(path=None):
    """(heads, first parts) from the German word list, folded; two empty sets without it.

    Heads: nouns (capitalised entries) and verbs in -en ("schwimmen" in "Babyschwimmen"), of
    MIN_WORD_PART letters or more. First parts: nouns, other words without an inflection
    ending, and the stems of verbs in -en ("schwimm" in "Schwimmbecken", "tast" in
    "Tastschreiben"). Read on first use. With a shared directory (SEARCH_SHARED_INDEX_DIR,
    search/shared_index.py) the first process writes both as sorted arrays there and every
    process maps them (SortedWords, ≈ 11 MB of page cache for all); without one each process
    holds two frozensets (≈ 40 MB).
    """
    path = path or WORD_LIST
    mapped = _mapped_word_list(path)
    return mapped if mapped is not None else _read_word_list(path)


def _mapped_word_list(path):
    """(heads, first parts) as SortedWords mapped from the shared directory (written there
    first if needed), or None when sharing is off or the list cannot be read."""
    try:
        from . import shared_index

        base = shared_index.directory()
    except Exception:  # no Django settings (a script): the in-memory sets
        return None
    if base is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    key = hashlib.sha256(repr((
        str(path.resolve()), stat.st_mtime_ns, stat.st_size, WORD_LIST_FORMAT, MIN_WORD_LEFT,
        MIN_WORD_PART, INFLECTED, COMPOUND_HEADS, ACTIVITY_HEADS, sorted(STOP_WORDS),
    )).encode()).hexdigest()[:16]
    target = base / f"words-{key}"
    if not target.is_dir():
        heads, lefts = _read_word_list(path)
        if not heads:
            return None
        arrays = {"heads": SortedWords.of(heads).array, "lefts": SortedWords.of(lefts).array}
        if not shared_index.write_arrays(target, arrays):
            return None
    try:
        return (SortedWords(shared_index.map_array(target, "heads")),
                SortedWords(shared_index.map_array(target, "lefts")))
    except (OSError, ValueError):
        return None


def _read_word_list(path):
    """(heads, first parts) read from the word list as frozensets (word_list())."""
    try:
        lines = path.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return frozenset(), frozenset()
    heads, lefts, lower = set(), set(), set()
    for line in lines:
        word = fold(line)
        if len(word) < MIN_WORD_LEFT or not word.isalpha():
            continue
        if len(word) < MIN_WORD_PART:
            if not line[0].isupper():
                lower.add(word)  # for the third-person check of short verbs ("malt")
            continue
        if line[0].isupper():
            heads.add(word)
            lefts.add(word)
        else:
            lower.add(word)
            # Uninflected other words as first parts ("digital", "schnell"); inflected forms
            # ("schnelles", "schreibt") never start a compound and would cost memory.
            if not word.endswith(INFLECTED):
                lefts.add(word)
    for word in lower:
        # An infinitive has a third person ("schwimmen": schwimmt; "malen": malt); "erschien"
        # also ends in -en but is none. Its stem is a first part ("mal" in "Malschule").
        if (word.endswith("en") and len(word) >= MIN_WORD_LEFT + 2
                and (word[:-2] + "t" in lower or word[:-2] + "et" in lower)):
            lefts.add(word[:-2])
            if len(word) >= MIN_WORD_PART + 2:
                heads.add(word)
    heads.update(COMPOUND_HEADS, ACTIVITY_HEADS)  # the list lacks some ("Schule")
    return frozenset(heads), frozenset(lefts - STOP_WORDS)


def split_words(term):
    """Split a folded compound at the word list: (first part, head) or ().

    The longest head wins whose first part is a word (after dropping a linking element);
    failing that, a head of MIN_UNKNOWN_LEFT_HEAD letters or more after any first part of
    MIN_WORD_PART letters ("giesskeramik" → "giess", "keramik").
    """
    heads, lefts = word_list()
    if len(term) < MIN_WORD_COMPOUND or not heads:
        return ()
    cuts = range(MIN_WORD_LEFT, len(term) - MIN_WORD_PART + 1)
    found = [i for i, is_head in zip(cuts, _members(heads, [term[i:] for i in cuts]),
                                     strict=True) if is_head]
    # The first parts to look up, all at once (one binary search when the list is mapped).
    wanted = [term[:i] for i in found]
    wanted += [term[:i][: -len(link)] for i in found if i >= MIN_WORD_PART
               for link in LINKS if term[:i].endswith(link)]
    known = {w for w, is_left in zip(wanted, _members(lefts, wanted), strict=True) if is_left}
    fallback = ()
    for i in found:
        right, left = term[i:], term[:i]
        if i < MIN_WORD_PART:
            # A short verb stem only before a course or activity head ("Malschule"), never
            # elsewhere ("Kurfürsten" is no "Kur").
            if left in known and (right in COMPOUND_HEADS or right in ACTIVITY_HEADS):
                return (left, right)
            continue
        if left in known:
            return (left, right)
        for link in LINKS:
            if left.endswith(link) and left[: -len(link)] in known:
                return (left[: -len(link)], right)
        if not fallback and len(right) >= MIN_UNKNOWN_LEFT_HEAD:
            fallback = (left, right)
    return fallback


def decompose(term, vocab, depth=MAX_SPLIT_DEPTH):
    """All parts of a folded compound, split again where a part is a compound itself."""
    parts = split(term, vocab)
    if not parts or depth <= 1:
        return parts
    found = []
    for part in parts:
        found.append(part)
        found.extend(p for p in decompose(part, vocab, depth - 1) if p not in found)
    return tuple(found)


def split(term, vocab):
    """The two parts of a folded compound whose parts both belong to vocab, else ().

    'englischkurs' → ('englisch', 'kurs') when both are known; a linking 's' after the
    first part is dropped ('bildungsurlaub' → ('bildung', 'urlaub')). A generic head
    (kurs, seminar, unterricht …) splits off any first part of four letters or more:
    'computerkurse' → ('computer', 'kurse') even when "Computer" is no topic.
    """
    for head in GENERIC_HEADS:
        left = term[: -len(head)]
        if term.endswith(head) and len(left) >= MIN_GENERIC_LEFT and left not in STOP_WORDS:
            return (left, head)
    if not vocab or len(term) < 2 * MIN_PART:
        return ()
    for i in range(MIN_PART, len(term) - MIN_PART + 1):
        left, right = term[:i], term[i:]
        if right in STOP_WORDS or stem(right) not in vocab:
            continue
        if stem(left) in vocab and left not in STOP_WORDS:
            return (left, right)
        if left.endswith("s") and len(left) > MIN_PART and stem(left[:-1]) in vocab:
            return (left[:-1], right)
    if WORDS in vocab:
        return split_words(term)
    return ()


@lru_cache(maxsize=WORD_CACHE)
def _word(term, vocab):
    """(stem, stems of its compound parts) of one folded word. Words repeat across a catalog
    (Zipf), so indexing a million offerings looks most of them up here."""
    word_stem = stem(term)
    return word_stem, tuple(dict.fromkeys(
        s for s in (stem(p) for p in decompose(term, vocab)) if s != word_stem
    ))


@lru_cache(maxsize=20_000)
def derivations(word):
    """Query-time variants of a folded word across verb, activity noun and compound modifier.

    Returns (words, stems): words to search like typed words, stems to match exactly.
    - an activity noun in -erei names its doer or verb: "toepferei" → "toepfer", "malerei" →
      "maler" (stems "topf", "mal", as in "Töpfern", "Malen", "Töpferscheibe");
    - a verb in -ieren is its noun: "aquarellieren" → "aquarell", "fotografieren" → "fotograf";
    - a verb (-en, -ern, -eln) also finds its activity noun in -erei: "malen" → "malerei";
    - a modifier in -en that is a verb's stem with an e ("zeichen" in "Zeichenkurs") finds
      the verb: "zeichnen".
    """
    words, stems = [], []
    if len(word) < MIN_DERIVED or not word.isalpha():
        return (), ()
    if word.endswith("erei"):
        if len(word) - 2 >= MIN_DERIVED:
            words.append(word[:-2])
    elif word.endswith("ieren"):
        if len(word) - 5 >= MIN_DERIVED:
            words.append(word[:-5])
    elif word.endswith(("ern", "eln")):
        stems.append(stem(word[:-1] + "ei"))
    elif word.endswith("en"):
        stems.append(stem(word[:-2] + "erei"))
        if not word.endswith("nen"):
            stems.append(stem(word[:-2] + "nen"))
    own = stem(word)
    return (
        tuple(w for w in words if stem(w) != own),
        tuple(s for s in dict.fromkeys(stems) if s != own),
    )


def index_terms(text, vocab=frozenset()):
    """Stems of the words in text without stop words, then the stems of compound parts."""
    stems, parts = [], []
    for term in terms(text):
        if term in STOP_WORDS:
            continue
        word_stem, part_stems = _word(term, vocab)
        stems.append(word_stem)
        parts.extend(part_stems)
    return stems + parts


def analyze(text, vocab=frozenset()):
    """Index terms joined by spaces: what the backends store."""
    return " ".join(index_terms(text, vocab))


def synonym_mapping(lines):
    """Stem → the other members of its synonym groups, from lines like "edv, computer, it".

    Each member is a tuple of stems (several stems: a phrase). Lines starting with # are
    comments.
    """
    groups = {}
    for line in lines:
        if line.lstrip().startswith("#"):
            continue
        members = []
        for member in line.split(","):
            words = terms(member)
            kept = tuple(stem(w) for w in words if w not in STOP_WORDS) or tuple(map(stem, words))
            if kept and kept not in members:
                members.append(kept)
        for member in members:
            if len(member) == 1:
                group = groups.setdefault(member[0], [])
                group.extend(m for m in members if m != member and m not in group)
    return {key: tuple(value) for key, value in groups.items()}


def file_synonym_lines(path=SYNONYMS_FILE):
    """The lines of the shipped synonym file (the seed of the office's SynonymGroup table)."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


@lru_cache(maxsize=1)
def _file_synonyms():
    return synonym_mapping(file_synonym_lines())


# The synonyms in use. The search index sets them from the office's SynonymGroup rows each
# time it is rebuilt (search.facet_index); until then the shipped file applies.
_synonyms = None


def use_synonyms(mapping):
    global _synonyms
    _synonyms = mapping


def synonym_groups():
    """Stem → the other members of its synonym groups, each a tuple of stems."""
    return _file_synonyms() if _synonyms is None else _synonyms


def synonyms(term):
    """The synonyms of a folded word, each a tuple of stems (several stems: a phrase)."""
    return synonym_groups().get(stem(term), ())


def parse_query(string):
    """The search box string parsed by the query language (query.parse)."""
    from .query import parse

    return parse(string)
