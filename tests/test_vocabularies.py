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
