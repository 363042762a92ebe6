"""The one list of the catalog's vocabularies: what every app means by "life phase", "topic" …

Each vocabulary is written down once here, with its code name (singular: the URL parameter,
the import mapping kind, the survey question's catalog binding), the Offering field that holds
it (plural for many-to-many) and its German labels. Search, imports, exports, surveys, the
history and the monitoring iterate over ``VOCABULARIES`` instead of spelling the list out.

Weekdays and times of day are fixed vocabularies (not tables): their codes and the hours that
bound a time of day are here too, so the search filter and the monitoring count alike.
"""

from dataclasses import dataclass
from datetime import time

from django.utils.translation import gettext_lazy as _

from . import models


@dataclass(frozen=True)
class VocabularyKind:
    key: str  # singular code name: "life_phase"; also the search URL parameter unless `param`
    field: str  # the Offering field: "life_phases" (many-to-many) or "format" (foreign key)
    model_name: str  # the model in catalog.models
    label: str
    label_plural: str
    param: str = ""  # the search URL parameter, when it differs from `key`
    plural_key: str = ""  # the plural code name, when it differs from `field`

    @property
    def plural(self):
        """Plural code name ("life_phases", "formats"): the reference data's and the API's keys."""
        return self.plural_key or self.field

    @property
    def model(self):
        return getattr(models, self.model_name)

    @property
    def many(self):
        """True for a many-to-many relation of Offering, False for a foreign key."""
        return models.Offering._meta.get_field(self.field).many_to_many

    @property
    def url_param(self):
        return self.param or self.key

    @property
    def through(self):
        """The many-to-many table (None for a foreign key)."""
        return getattr(models.Offering, self.field).through if self.many else None

    @property
    def through_column(self):
        """The column of the many-to-many table that holds the vocabulary's id: "topic_id"."""
        return f"{self.model_name.lower()}_id"

    @property
    def attname(self):
        """Offering's column for a foreign key ("format_id"); the field name otherwise."""
        return f"{self.field}_id" if not self.many else self.field


VOCABULARIES = (
    VocabularyKind("life_phase", "life_phases", "LifePhase", _("Lebensphase"),
                   _("Lebensphasen")),
    VocabularyKind("topic", "topics", "Topic", _("Thema"), _("Themen")),
    VocabularyKind("target_group", "target_groups", "TargetGroup", _("Zielgruppe"),
                   _("Zielgruppen")),
    VocabularyKind("format", "format", "Format", _("Format"), _("Formate"),
                   plural_key="formats"),
    # "Kurssprache": the language a course is held in (issue 14: people find courses in theirs).
    VocabularyKind("language", "languages", "Language", _("Kurssprache"), _("Kurssprachen")),
    VocabularyKind("funding", "funding_options", "FundingOption", _("Förderung"),
                   _("Förderungen")),
)
BY_KEY = {kind.key: kind for kind in VOCABULARIES}
BY_FIELD = {kind.field: kind for kind in VOCABULARIES}
# The many-to-many vocabularies of an offering, in the order above.
OFFERING_RELATIONS = tuple(kind for kind in VOCABULARIES if kind.field != "format")
# Vocabularies of the provider, not of the offering (a filter on the provider's seals).
QUALITY_SEAL = VocabularyKind("quality_seal", "quality_seals", "QualitySeal",
                              _("Qualitätssiegel"), _("Qualitätssiegel"), param="seal")
# Every vocabulary table with slug, name and position: the offering's and the provider's.
ALL_VOCABULARIES = (*VOCABULARIES, QUALITY_SEAL)


def get(key):
    """The vocabulary with this code name or Offering field name; KeyError otherwise."""
    return BY_KEY.get(key) or BY_FIELD[key]


# -- fixed vocabularies ---------------------------------------------------------------------
# Codes are German because they appear in public URLs (?weekday=mo&time_of_day=abends).
WEEKDAYS = {
    "mo": _("Montag"), "di": _("Dienstag"), "mi": _("Mittwoch"), "do": _("Donnerstag"),
    "fr": _("Freitag"), "sa": _("Samstag"), "so": _("Sonntag"),
}
# Index 0 = Monday, as date.weekday() and Run.weekday_numbers count.
WEEKDAY_CODES = tuple(WEEKDAYS)
WEEKEND = ("sa", "so")
TIMES_OF_DAY = {
    "vormittags": _("vormittags (bis 12 Uhr)"),
    "nachmittags": _("nachmittags (12–17 Uhr)"),
    "abends": _("abends (ab 17 Uhr)"),
}
TIME_OF_DAY_CODES = tuple(TIMES_OF_DAY)
# A run belongs to the first time of day whose end lies after its start time.
TIME_OF_DAY_ENDS = (time(12), time(17), None)


def time_of_day(start_time):
    """The time-of-day code of a start time ("vormittags" …), None for a run without time."""
    if start_time is None:
        return None
    for code, end in zip(TIME_OF_DAY_CODES, TIME_OF_DAY_ENDS, strict=True):
        if end is None or start_time < end:
            return code
    return None  # unreachable: the last bucket has no end


def time_of_day_index(hour):
    """0, 1 or 2 for an hour of the day: the position of its time of day in TIMES_OF_DAY."""
    return TIME_OF_DAY_CODES.index(time_of_day(time(hour)))
