"""The vocabulary registry: one list that matches the Offering model and the fixed codes."""

from datetime import time

import pytest

from bildungsportal.catalog import models, vocabularies


def test_registry_covers_every_vocabulary_relation_of_offering():
    vocabulary_models = {
        models.LifePhase, models.Topic, models.TargetGroup, models.Format, models.Language,
        models.FundingOption,
    }
    related = {
        field.name for field in models.Offering._meta.get_fields()
        if getattr(field, "related_model", None) in vocabulary_models and not field.auto_created
    }
    assert {kind.field for kind in vocabularies.VOCABULARIES} == related


@pytest.mark.parametrize("kind", vocabularies.VOCABULARIES, ids=lambda kind: kind.key)
def test_each_kind_names_its_model_table_and_column(kind):
    field = models.Offering._meta.get_field(kind.field)
    assert field.related_model is kind.model
    if kind.many:
        assert kind.through is field.remote_field.through
        assert kind.through_column in {f.attname for f in kind.through._meta.concrete_fields}
    else:
        assert kind.through is None
        assert kind.attname == field.attname
    assert vocabularies.get(kind.key) is kind
    assert vocabularies.get(kind.field) is kind


def test_unknown_vocabulary_is_a_key_error():
    with pytest.raises(KeyError):
        vocabularies.get("colour")


@pytest.mark.parametrize(("start", "expected"), [
    (None, None), (time(0, 0), "vormittags"), (time(11, 59), "vormittags"),
    (time(12, 0), "nachmittags"), (time(16, 59), "nachmittags"), (time(17, 0), "abends"),
    (time(23, 30), "abends"),
])
def test_time_of_day_boundaries(start, expected):
    assert vocabularies.time_of_day(start) == expected


def test_weekday_codes_start_on_monday():
    assert vocabularies.WEEKDAY_CODES[0] == "mo"
    assert len(vocabularies.WEEKDAY_CODES) == 7
    assert set(vocabularies.WEEKEND) <= set(vocabularies.WEEKDAY_CODES)


def test_reference_data_and_api_taxonomy_use_the_plural_code_names():
    import json

    from bildungsportal.catalog.management.commands.load_vocabularies import VOCABULARIES
    from bildungsportal.pages.schemas import Taxonomy

    data = json.loads(VOCABULARIES.read_text(encoding="utf-8"))
    plurals = {kind.plural for kind in vocabularies.ALL_VOCABULARIES}
    assert plurals <= set(data)
    assert plurals <= set(Taxonomy.model_fields)
    assert vocabularies.get("format").plural == "formats"


def test_search_filters_by_every_registry_vocabulary_it_names():
    from bildungsportal.search.params import (
        FILTER_LABELS,
        FIXED_VALUES,
        LIST_FILTERS,
        PROVIDER_VOCABULARIES,
        SEARCH_VOCABULARIES,
        SearchParams,
    )

    vocabulary_filters = [kind.url_param for kind in (*SEARCH_VOCABULARIES, *PROVIDER_VOCABULARIES)]
    # Every list filter is a registry vocabulary, the town or a fixed registry list.
    assert set(LIST_FILTERS) == {*vocabulary_filters, "town", *FIXED_VALUES}
    assert FIXED_VALUES["weekday"] is vocabularies.WEEKDAYS
    assert FIXED_VALUES["time_of_day"] is vocabularies.TIMES_OF_DAY
    assert PROVIDER_VOCABULARIES == (vocabularies.QUALITY_SEAL,)
    for kind in (*SEARCH_VOCABULARIES, *PROVIDER_VOCABULARIES):
        assert hasattr(SearchParams(), kind.url_param)
        assert FILTER_LABELS[kind.url_param] == kind.label


def test_survey_catalog_questions_name_registry_vocabularies():
    from bildungsportal.surveys.catalog_choices import FIXED_BANDS
    from bildungsportal.surveys.models import Question

    for code in Question.CatalogVocabulary.values:
        assert code in vocabularies.BY_KEY or code == "town" or code in FIXED_BANDS, code
