"""The long-tail mechanisms of issue 16 on a small catalog: soft AND, derivations, compounds
at ordinary nouns, typo corrections that co-occur with the other words (docs/search.md)."""

import pytest

from bildungsportal.search.engine import search
from bildungsportal.search.params import SearchParams
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    town = factories.town()
    vocab = factories.vocabularies()
    vhs = factories.provider(municipality=town)
    venue = factories.venue(town)
    titles = [
        "Excel Grundkurs", "Excel für Fortgeschrittene", "Yoga für Anfänger",
        "Spanisch für Anfänger", "Gitarre für Anfänger", "Töpfern an der Drehscheibe",
        "Acrylmalerei am Wochenende", "Fußreflexzonenmassage", "Babyschwimmen",
        "Einkommensteuererklärung für Arbeitnehmer", "Spanische Konversation",
        "Konversation auf Englisch",
    ]
    offerings = {}
    for n, title in enumerate(titles):
        offerings[title] = factories.offering(vhs, vocab, title, topics=[vocab["health"]])
        factories.run(offerings[title], venue, days=3 + n)
    from bildungsportal.search.indexing import rebuild_index

    rebuild_index()
    return offerings


def titles(result):
    return [hit.offering.title for hit in result.hits]


def test_soft_and_lists_partial_matches_after_the_full_ones(catalog):
    result = search(SearchParams(q="Excel Anfänger"))
    found = titles(result)
    # "Anfänger" is in the synonym group of "Grundkurs": the Excel Grundkurs matches both.
    assert found[0] == "Excel Grundkurs"
    assert not result.hits[0].partial
    # Then the tier of the rarer word (Excel), then every beginners' course.
    assert found[1] == "Excel für Fortgeschrittene"
    assert set(found[2:]) == {"Yoga für Anfänger", "Spanisch für Anfänger",
                              "Gitarre für Anfänger"}
    assert all(hit.partial for hit in result.hits[1:])
    assert result.partial_count == result.count - 1


def test_soft_and_stays_away_when_all_words_find_enough(catalog, monkeypatch):
    from bildungsportal.search import relax

    monkeypatch.setattr(relax, "FEW", 1)
    result = search(SearchParams(q="Excel Anfänger"))
    assert titles(result) == ["Excel Grundkurs"]
    assert result.partial_count == 0


@pytest.mark.parametrize("q, title", [
    ("Töpferei", "Töpfern an der Drehscheibe"),
    ("Malerei", "Acrylmalerei am Wochenende"),
    ("malen", "Acrylmalerei am Wochenende"),
    ("Massage", "Fußreflexzonenmassage"),
    ("schwimmen", "Babyschwimmen"),
    ("Steuererklärung", "Einkommensteuererklärung für Arbeitnehmer"),
    ("Malschule", "Acrylmalerei am Wochenende"),
])
def test_derivations_and_compounds_find_the_course(catalog, q, title):
    result = search(SearchParams(q=q))
    assert titles(result)[0] == title
    assert not result.hits[0].partial


def test_a_typo_is_corrected_towards_the_word_that_fits_the_other_one(catalog):
    result = search(SearchParams(q="Spanisch Konversatoin"))
    assert titles(result)[0] == "Spanische Konversation"
    assert result.suggestion == "Spanisch Konversation"


def test_a_query_with_good_results_is_not_corrected(catalog):
    result = search(SearchParams(q="Konversation"))
    assert set(titles(result)) == {"Spanische Konversation", "Konversation auf Englisch"}
    assert result.suggestion == ""
