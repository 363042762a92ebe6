"""The indicators of the monitoring: key, German label, unit, source and meaning.

Kept apart from the computations so that models (a goal names its indicator) and forms can
list them without importing the query code.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    source: str  # "catalog" | "survey" | "search"
    description: str
    higher_is_better: bool = True
    percent: bool = False  # values are shares 0…1, shown as "31 %"


INDICATORS = {
    item.key: item
    for item in (
        Indicator("offerings_per_1000", _("Angebote je 1.000 Einwohner"), _("je 1.000 Einw."),
                  "catalog", _("Veröffentlichte Angebote mit einem laufenden oder kommenden "
                               "Termin im Ort, je 1.000 Einwohner der Altersgruppe.")),
        Indicator("offerings", _("Angebote"), _("Angebote"), "catalog",
                  _("Veröffentlichte Angebote mit einem laufenden oder kommenden Termin im Ort.")),
        Indicator("runs_next_6m", _("Termine in den nächsten 6 Monaten"), _("Termine"),
                  "catalog", _("Termine, die in den nächsten sechs Monaten im Ort beginnen.")),
        Indicator("runs_next_12m", _("Termine in den nächsten 12 Monaten"), _("Termine"),
                  "catalog", _("Termine, die in den nächsten zwölf Monaten im Ort beginnen.")),
        Indicator("course_hours", _("Unterrichtsstunden"), _("Std."), "catalog",
                  _("Summe der Unterrichtsstunden der Termine, die in den nächsten zwölf "
                    "Monaten beginnen (wo angegeben).")),
        Indicator("seats", _("Plätze"), _("Plätze"), "catalog",
                  _("Summe der Plätze der Termine, die in den nächsten zwölf Monaten beginnen "
                    "(wo angegeben).")),
        Indicator("share_free", _("Anteil kostenfrei"), "%", "catalog",
                  _("Anteil der Angebote im Ort, die kostenfrei sind."), percent=True),
        Indicator("share_low_cost", _("Anteil kostengünstig (bis 50 €)"), "%", "catalog",
                  _("Anteil der Angebote im Ort, die kostenfrei sind oder höchstens 50 € "
                    "kosten."), percent=True),
        Indicator("share_evening_weekend", _("Anteil abends oder am Wochenende"), "%",
                  "catalog", _("Anteil der Angebote mit einem Termin ab 17 Uhr oder am "
                               "Samstag oder Sonntag."), percent=True),
        Indicator("share_step_free", _("Anteil stufenlos erreichbar"), "%", "catalog",
                  _("Anteil der Angebote mit einem stufenlos erreichbaren Veranstaltungsort."),
                  percent=True),
        Indicator("access_e2sfca", _("Erreichbare Angebote (entfernungsgewichtet)"),
                  _("je 1.000 Einw."), "catalog",
                  _("Angebote im Umkreis, nach Entfernung gewichtet und mit der Nachfrage der "
                    "Nachbarorte geteilt (E2SFCA), je 1.000 Einwohner.")),
        Indicator("wish_share", _("Anteil mit Wunsch (Umfrage)"), "%", "survey",
                  _("Anteil der Befragten im Ort, die sich Angebote zum Thema wünschen."),
                  higher_is_better=False, percent=True),
        Indicator("searches_empty", _("Suchen mit wenigen Treffern"),
                  pgettext_lazy("Einheit: Anzahl Suchanfragen", "Suchen"), "search",
                  _("Suchen im Portal, die nichts oder wenig fanden (letzte 365 Tage)."),
                  higher_is_better=False),
    )
}
INDICATOR_CHOICES = [(key, item.label) for key, item in INDICATORS.items()]
