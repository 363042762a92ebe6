"""The query language: every string parses, normal queries give the expected AST."""

import pytest

from bildungsportal.search.query import AnyOf, Phrase, Query, compile_query, parse


def words(*groups):
    return tuple(AnyOf(tuple(Phrase(tuple(p.split())) for p in g.split("|"))) for g in groups)


@pytest.mark.parametrize("string", [
    '" * : ( ) AND NEAR ^', "a" * 10_000, "\x00\x01\x1f", "NEAR(a b)", "'; DROP TABLE x; --",
    "OR", "-", "*", "x:*", "englisch OR", "ü" * 500, '"', '"unbalanced', 'a "b', "OR OR",
    "ODER ODER yoga", "- - -", "--x", '-"', '""', "-OR", "a OR -b", None, "", " \t\n",
    "x" * 10_000 + " " + "y " * 5000,
])
def test_every_string_parses(string):
    query = parse(string)
    compile_query(query)
    assert isinstance(query, Query)


def test_words_are_anded():
    assert parse("Englisch Anfänger") == Query(words("englisch", "anfaenger"))


def test_stop_words_dropped_unless_alone():
    assert parse("Englisch für Anfänger") == Query(words("englisch", "anfaenger"))
    assert parse("die") == Query(words("die"))


def test_phrases():
    assert parse('"für Anfänger" englisch') == Query(words("anfaenger", "englisch"))
    assert parse('"Englisch am Abend"') == Query(words("englisch abend"))
    assert parse('"unbalanced phrase') == Query(words("unbalanced phrase"))


def test_exclusions():
    assert parse("englisch -yoga") == Query(words("englisch"), words("yoga"))
    assert parse("-yoga") == Query((), words("yoga"))
    assert parse('-"am Abend"') == Query((), words("abend"))
    assert not parse("-")


def test_alternatives():
    assert parse("yoga ODER englisch") == Query(words("yoga|englisch"))
    assert parse("yoga OR englisch kurs") == Query(words("yoga|englisch", "kurs"))
    assert parse("a OR b OR c") == Query(words("a|b|c"))
    assert parse("englisch OR") == Query(words("englisch"))
    assert not parse("OR OR")


def test_long_queries_are_capped():
    query = parse(" ".join(f"w{i}" for i in range(100)))
    assert len(query.required) == 16


def test_compile_expands_synonyms_and_compounds():
    from bildungsportal.search.analyzer import vocabulary

    required, excluded = compile_query(parse("Computerkurse -EDV"), vocabulary(["Computer"]))
    # Each word: its stem exactly, or a prefix as the word was typed (not the shorter stem).
    assert required == [("any", [
        ("any", [("term", "computerkur", False), ("term", "computerkurse", True)]),
        # "kurse" only says "course": the first part alone is enough.
        ("any", [("term", "comput", False), ("term", "computer", True)]),
    ])]
    other, _ = compile_query(parse("Computerhilfe"), vocabulary(["Computer", "Hilfe"]))
    assert other[0][1][-1] == ("all", [
        ("any", [("term", "comput", False), ("term", "computer", True)]),
        ("any", [("term", "hilf", False), ("term", "hilfe", True)]),
    ])
    assert excluded == [("any", [
        ("term", "edv", True), ("term", "comput", True), ("term", "it", False),
    ])]
