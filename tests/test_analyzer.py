"""The German analyzer: folding, stop words, stemming, synonyms, compounds."""

import pytest

from bildungsportal.search import analyzer


def test_folding_is_unchanged():
    assert analyzer.terms("Führerschein-Prüfung STRASSE Café") == [
        "fuehrerschein", "pruefung", "strasse", "cafe"
    ]


def _reference_fold(text):
    """Folding as first written (translate table, always decomposed): the fast paths of
    analyzer.fold must give exactly this."""
    import unicodedata

    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    text = unicodedata.normalize("NFKC", text).casefold().translate(table)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@pytest.mark.parametrize("text", [
    "Plain ASCII course 101", "Fußball-Übungen für Ältere", "STRASSE ẞ Maß", "Café crème – naïve",
    "„Zitat“ 12,50 € ½ ﬁ", "Ärger ÖL Übel", "e\u0301 combining", "Ṡ ḍ ǅ Å", "",
])  # fmt: skip
def test_fast_folding_equals_the_reference(text):
    assert analyzer.fold(text) == _reference_fold(text)


def test_word_cache_keeps_vocabularies_apart():
    with_yoga = analyzer.index_terms("Yogaabend", analyzer.vocabulary(["Yoga"]))
    without = analyzer.index_terms("Yogaabend", analyzer.vocabulary(["Malen"]))
    assert with_yoga == [analyzer.stem("yogaabend"), analyzer.stem("yoga"), analyzer.stem("abend")]
    assert without == [analyzer.stem("yogaabend")]  # not the cached split of the other call


def test_stop_words_are_dropped_at_index_time():
    assert analyzer.index_terms("Englisch für Anfänger und Fortgeschrittene") == [
        "englisch", "anfang", "fortgeschritt"
    ]
    assert analyzer.index_terms("der die das") == []


@pytest.mark.parametrize("a, b", [
    ("Kurse", "Kurs"), ("Sprachen", "Sprache"), ("Computerkurse", "Computerkurs"),
    ("Führerschein", "Fuehrerschein"), ("Anfänger", "Anfaenger"), ("Bücher", "Buecher"),
    ("Kursen", "Kurs"), ("Abends", "Abend"),
])
def test_stemming_pairs_are_identical(a, b):
    assert analyzer.index_terms(a) == analyzer.index_terms(b)


def test_stem_is_a_fixed_point():
    for word in ("kurse", "sprachen", "computerkurse", "anfaenger"):
        assert analyzer.stem(analyzer.stem(word)) == analyzer.stem(word)


def test_synonyms_come_from_the_data_file():
    analyzer.use_synonyms(None)  # no index built in this process yet: the shipped file
    assert ("comput",) in analyzer.synonyms("EDV".casefold())
    assert ("edv",) in analyzer.synonyms("computer")
    assert ("kindertagesstatt",) in analyzer.synonyms("kita")
    assert ("deutsch", "zweitsprach") in analyzer.synonyms("daz")
    assert ("abitur",) in analyzer.synonyms("abi")
    assert analyzer.synonyms("yoga") == ()


def test_synonym_file_format(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("# comment\nA, Bé , c d\n\n", encoding="utf-8")
    groups = analyzer.synonym_mapping(analyzer.file_synonym_lines(path))
    assert groups["a"] == (("be",), ("c", "d"))
    assert analyzer.file_synonym_lines(tmp_path / "missing.txt") == []


def test_compounds_split_by_vocabulary():
    vocab = analyzer.vocabulary(["Englisch", "Computer", "Bildung"])
    assert analyzer.split("englischkurs", vocab) == ("englisch", "kurs")
    assert analyzer.split("computerkurse", vocab) == ("computer", "kurse")
    assert analyzer.split("bildungsschule", vocab) == ("bildungs", "schule")
    assert analyzer.split("hausaufgabenhilfe", vocab) == ()
    assert analyzer.split("englischhilfe", frozenset()) == ()  # no vocabulary, no split
    # a generic head splits off any first part of four letters or more
    assert analyzer.split("yogakurs", frozenset()) == ("yoga", "kurs")
    assert analyzer.split("diskurs", vocab) == ()
    # parts go after the field's own terms, so phrases over the words stay adjacent
    assert analyzer.index_terms("Englischkurs Anfänger", vocab) == [
        "englischkur", "anfang", "englisch", "kur"
    ]


def test_the_german_word_list_is_installed():
    heads, lefts = analyzer.word_list()
    assert heads and lefts, (
        f"{analyzer.WORD_LIST} is missing: apt-get install wngerman (compound splitting at "
        "ordinary nouns, docs/search.md)"
    )


def test_compounds_split_at_ordinary_nouns_with_the_word_list():
    vocab = analyzer.vocabulary(["Englisch"], words=True)
    assert analyzer.split("fussreflexzonenmassage", vocab)[1] == "massage"
    assert analyzer.split("babyschwimmen", vocab) == ("baby", "schwimmen")
    assert analyzer.split("giesskeramik", vocab) == ("giess", "keramik")  # unknown first part
    assert analyzer.split("fuehrerschien", vocab) == ()  # "erschien" is no infinitive
    assert analyzer.split("konzentration", vocab) == ()
    assert analyzer.decompose("einkommensteuererklaerung", vocab) == (
        "einkommen", "steuererklaerung", "steuer", "erklaerung"
    )
    # the index holds the stems of every part: "Steuererklärung" and "Massage" find them
    terms = analyzer.index_terms("Einkommensteuererklärung Fußreflexzonenmassage", vocab)
    assert {"steuererklar", "erklar", "massag"} <= set(terms)
    # without the marker the vocabulary splits as before (topic names and generic heads)
    assert analyzer.split("fussreflexzonenmassage", analyzer.vocabulary(["Englisch"])) == ()


@pytest.mark.parametrize("word, words, stems", [
    ("toepferei", ("toepfer",), ()),
    ("malerei", ("maler",), ()),
    ("aquarellieren", ("aquarell",), ()),
    ("malen", (), ("malerei", "maln")),
    ("toepfern", (), ("topferei",)),
    ("massieren", (), ()),  # "mass" would be too short a base
    ("yoga", (), ()),
])
def test_derivations(word, words, stems):
    assert analyzer.derivations(word) == (words, stems)
