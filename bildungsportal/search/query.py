"""The query language of the search box. Every string parses; none raises.

    englisch anfänger        both words (AND)
    "für Anfänger"           a phrase: the words next to each other
    -yoga                    without offerings that match yoga (also -"a phrase")
    yoga ODER englisch       either (also OR); binds tighter than the implicit AND

parse() returns a Query of folded words (analyzer.terms). Stop words are dropped unless a
query (or phrase) consists of nothing else. A query of exclusions only matches every
offering except the excluded ones.

compile_query() turns each word into its alternatives for the backends: the word's stem exactly,
or the word as typed as a prefix (so "engl" finds Englisch while typing, but "Kurs", whose stem
is "kur", does not find "kurz"), its synonyms (data/synonyms.txt; stems of
4+ letters as a prefix, shorter ones exactly, multi-word ones as a phrase) and, if the word is
a compound of the vocabulary, its two parts together (AND): "Computerkurse" finds
"Computerkurs" and "Kurs am Computer"; when the second part only says "course" (Kurs, Seminar,
Unterricht …) or names the place of an activity (Schule, Werkstatt …) the first part alone
is enough: "Yogakurs" finds "Yoga am Morgen", "Malschule" finds "Malen und Zeichnen".
Derivational variants (analyzer.derivations) join a word's alternatives too: "Töpferei"
finds "Töpfern", "malen" finds "Malerei", "Zeichenkurs" finds "zeichnen".
"""

import re
from dataclasses import dataclass

from . import analyzer

MAX_WORDS = 16
MAX_LENGTH = 1000
TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
OR_WORDS = frozenset({"oder", "or"})


@dataclass(frozen=True)
class Phrase:
    words: tuple  # folded words; a single word is a plain word


@dataclass(frozen=True)
class AnyOf:
    options: tuple  # of Phrase


@dataclass(frozen=True)
class Query:
    required: tuple = ()  # of AnyOf, all must match
    excluded: tuple = ()  # of AnyOf, none may match

    def __bool__(self):
        return bool(self.required or self.excluded)


def _drop_stop_words(words):
    kept = tuple(w for w in words if w not in analyzer.STOP_WORDS)
    return kept or tuple(words)


def parse(string):
    """The Query for a search box string."""
    string = (string or "")[:MAX_LENGTH]
    items = []  # (negated, Phrase | "OR")
    for match in TOKEN.finditer(string):
        negated, quoted, bare = match.groups()
        if bare is not None and not negated and bare.casefold() in OR_WORDS:
            items.append((False, "OR"))
            continue
        words = analyzer.terms(quoted if quoted is not None else bare)
        if not words:
            continue
        if quoted is not None:
            items.append((bool(negated), Phrase(tuple(words))))
        else:
            # A hyphenated word ("Führerschein-Theorie") is its words, each on its own.
            items.extend((bool(negated) and i == 0, Phrase((w,))) for i, w in enumerate(words))
    # Group alternatives: a OR b OR c → one AnyOf; a dangling OR is ignored.
    groups = []  # [negated, [Phrase, …]]
    join_next = False
    for negated, item in items:
        if item == "OR":
            join_next = bool(groups)
            continue
        if join_next and not negated and not groups[-1][0]:
            groups[-1][1].append(item)
        else:
            groups.append([negated, [item]])
        join_next = False
    counted = [g for g in groups if not g[0]] or groups
    only_stop_words = all(
        w in analyzer.STOP_WORDS for _, options in counted for p in options for w in p.words
    )
    required, excluded = [], []
    for negated, options in groups:
        cleaned = []
        for phrase in options:
            words = phrase.words if only_stop_words else _drop_stop_words(phrase.words)
            if len(phrase.words) == 1 and not only_stop_words and words[0] in analyzer.STOP_WORDS:
                continue  # a lone stop word among other words
            if Phrase(words) not in cleaned:
                cleaned.append(Phrase(words))
        if cleaned:
            (excluded if negated else required).append(AnyOf(tuple(cleaned)))
    required = required[:MAX_WORDS]
    excluded = excluded[: max(0, MAX_WORDS - len(required))]
    return Query(tuple(required), tuple(excluded))


# What the backends render: ("term", stem, prefix) | ("phrase", stems) | ("all", [nodes])
# | ("any", [nodes]).


def _term(word):
    """The word's stem exactly (Kurs finds Kurse), or anything that starts like the word
    (engl finds Englisch) — but not anything that starts like the stem (kur* finds kurz)."""
    stemmed, typed = analyzer.stem(word), analyzer.prefix_form(word)
    if stemmed.startswith(typed):
        return ("term", typed, True)
    return ("any", [("term", stemmed, False), ("term", typed, True)])


def _forms(word):
    """The word itself and its derivational variants."""
    words, stems = analyzer.derivations(word)
    return [_term(word), *(_term(w) for w in words), *(("term", s, False) for s in stems)]


def _word(word, vocab):
    options = _forms(word)
    for synonym in analyzer.synonyms(word):
        if len(synonym) > 1:
            options.append(("phrase", synonym))
        else:
            options.append(("term", synonym[0], len(synonym[0]) >= 4))
    parts = analyzer.split(word, vocab)
    if parts and (parts[1] in analyzer.GENERIC_HEADS or parts[1] in analyzer.ACTIVITY_HEADS):
        options.extend(o for o in _forms(parts[0]) if o not in options)
    elif parts:
        options.append(("all", [_term(p) for p in parts]))
    return options[0] if len(options) == 1 else ("any", options)


def _phrase(phrase, vocab):
    if len(phrase.words) == 1:
        return _word(phrase.words[0], vocab)
    return ("phrase", tuple(analyzer.stem(w) for w in phrase.words))


def _group(group, vocab):
    options = [_phrase(p, vocab) for p in group.options]
    return options[0] if len(options) == 1 else ("any", options)


def compile_query(query, vocab=frozenset()):
    """(required nodes, excluded nodes) for the backends to render."""
    return (
        [_group(g, vocab) for g in query.required],
        [_group(g, vocab) for g in query.excluded],
    )
