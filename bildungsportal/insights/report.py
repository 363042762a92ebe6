"""The Bildungsbericht (district or town) as print view and PDF, and the town page's data.

`report_data(slug)` collects everything once; the print view (insights/report.html) and the PDF
(the same template rendered by WeasyPrint) show it. Rendering never touches the network: the
stylesheet is read from our static files and handed over as a string, and every URL WeasyPrint
would fetch is refused.
"""

import re
from datetime import date

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bildungsportal.catalog.models import LifePhase, Topic
from bildungsportal.core.pdf import html_to_pdf
from bildungsportal.core.slugs import german_slug
from bildungsportal.places.models import Municipality

from . import demand, population, tables
from .access import radius_km
from .charts import bar_chart
from .choropleth import build_map
from .district import district_name
from .indicators import (
    Filters,
    indicator_table,
    published_indicators,
    ranked_gaps,
    town_profile,
)
from .tables import Cell, Table

REPORT_INDICATORS = ("offerings_per_1000", "access_e2sfca", "share_evening_weekend",
                     "share_low_cost", "wish_share")
REPORT_GAPS = 10
REPORT_CSS = "insights/report.css"


def town_link(town):
    return reverse("insights:town", args=[town.slug])


def _names():
    phases = dict(LifePhase.objects.values_list("slug", "name"))
    topics = dict(Topic.objects.values_list("slug", "name"))
    return phases, topics


def _scaled(cell_of, value, indicator):
    return cell_of(value, 100 if indicator.percent else 1)


def profile_tables(profile):
    """The town against the district: overall figures, per life phase, per topic (supply
    beside the survey's wishes). Three tables, each also a download."""
    phases, topics = _names()
    town_name, slug = profile["town"].name, profile["town"].slug
    overall, per_phase, per_topic = [], [], {}
    for row in profile["indicators"]:
        indicator, town, district = row["indicator"], row["town"], row["district"]
        if row["topic"]:
            entry = per_topic.setdefault(row["topic"], {})
            entry[indicator.source] = (town, district, indicator)
        elif row["life_phase"]:
            per_phase.append([Cell(phases.get(row["life_phase"], row["life_phase"])),
                              _scaled(tables.town_cell, town, indicator),
                              _scaled(tables.town_cell, district, indicator)])
        else:
            overall.append([Cell(str(indicator.label)),
                            _scaled(tables.town_cell, town, indicator),
                            _scaled(tables.town_cell, district, indicator)])
    topic_rows = []
    for topic_slug, entry in per_topic.items():
        row = [Cell(topics.get(topic_slug, topic_slug))]
        if "catalog" in entry:
            town, district, indicator = entry["catalog"]
            row += [_scaled(tables.town_cell, town, indicator),
                    _scaled(tables.town_cell, district, indicator)]
        else:
            row += [Cell("–", numeric=True), Cell("–", numeric=True)]
        if "survey" in entry:
            town, district, indicator = entry["survey"]
            row += [_scaled(tables.town_cell, town, indicator), tables.sample_cell(town),
                    _scaled(tables.town_cell, district, indicator)]
        else:
            row += [Cell("–", numeric=True)] * 3
        topic_rows.append(row)
    note = profile["population"]["note"]
    k_note = _("Umfragewerte: Gruppen mit weniger als %(k)s Antworten zeigen „zu wenige "
               "Antworten“; „nicht ausgewiesen (Schutz kleiner Zahlen)“ steht, wo eine Zahl "
               "mit genug Antworten verborgen ist, damit sich eine kleine nicht "
               "zurückrechnen lässt.") % {"k": profile["k"]}
    return [
        Table(key=f"kennzahlen-{slug}", title=_("Kennzahlen im Vergleich zum Kreis"),
              columns=[_("Kennzahl"), town_name, district_name()], rows=overall,
              notes=[note]),
        Table(key=f"lebensphasen-{slug}",
              title=_("Angebote je 1.000 Einwohner nach Lebensphase"),
              columns=[_("Lebensphase"), town_name, district_name()], rows=per_phase,
              notes=[note]),
        Table(key=f"themen-{slug}", title=_("Angebot und Wünsche nach Thema"),
              columns=[_("Thema"), _("Angebote (Ort)"), _("Angebote (Kreis)"),
                       _("Wunsch (Ort)"), _("Befragte (n)"), _("Wunsch (Kreis)")],
              rows=topic_rows, notes=[k_note]),
    ]


def population_table(profile):
    pop = profile["population"]
    rows = [[Cell(_("Einwohner insgesamt (Zensus 2022)")), tables.count(pop["total"])]]
    rows += [[Cell(phase.name), tables.count(value)] for phase, value in pop["life_phases"]]
    return Table(
        key=f"bevoelkerung-{profile['town'].slug}",
        title=_("Bevölkerung nach Lebensphase (geschätzt)"),
        columns=[_("Gruppe"), _("Personen")],
        rows=rows,
        notes=[pop["note"]],
    )


def town_data(slug):
    """The town page: profile, its map position, tables; None for an unknown town."""
    profile = town_profile(slug)
    if profile is None:
        return None
    main = indicator_table(Filters("offerings_per_1000"))
    chart = build_map(main.towns, title=_("Angebote je 1.000 Einwohner – %(town)s im Kreis")
                      % {"town": profile["town"].name}, unit=str(main.indicator.unit),
                      url_for=town_link, highlight=slug)
    gaps = profile["gaps"]
    gap_table = tables.gap_table(gaps, url_for=None)
    gap_table.key = f"luecken-{slug}"
    table_list = [*profile_tables(profile), population_table(profile), gap_table]
    return {
        "profile": profile,
        "town": profile["town"],
        "map": chart,
        "map_id": "karte",
        "map_svg": chart.svg("karte"),
        "tables": table_list,
        "gaps": gaps,
        "measures": profile["measures"],
        "k": profile["k"],
        "population_text": number_format(profile["population"]["total"], 0,
                                         force_grouping=True),
    }


# --- the report -------------------------------------------------------------------------------


def method_notes(k):
    return [
        population.population_note(),
        _("Erreichbarkeit: entfernungsgewichtet nach dem E2SFCA-Verfahren (Gauß-Abfall) im "
          "Umkreis von %(km)s km um den Ortsmittelpunkt; Angebote in Nachbarstädten zählen mit.")
        % {"km": number_format(radius_km(), 0)},
        _("Umfragewerte: Orte und Gruppen mit weniger als %(k)s Antworten zeigen „zu wenige "
          "Antworten“ statt einer Zahl; „nicht ausgewiesen (Schutz kleiner Zahlen)“, wo eine "
          "Zahl mit genug Antworten verborgen ist, weil sich sonst eine kleine aus der Summe "
          "zurückrechnen ließe; Anteile mit 95-%%-Intervall (Wilson).") % {"k": k},
        _("Angebote: veröffentlichte Angebote mit einem laufenden oder kommenden Termin; "
          "Online-Angebote werden getrennt gezählt."),
        _("Kartenklassen: fünf Quantilklassen (gleich viele Orte je Klasse), Farben nach "
          "ColorBrewer „YlGnBu“, für Farbsehschwächen geeignet."),
    ]


SOURCES = (
    gettext_lazy("Gemeindegrenzen: © GeoBasis-DE / BKG (VG250, Stand 01.01.2016, Daten "
                 "verändert), Datenlizenz Deutschland – Namensnennung – 2.0"),
    gettext_lazy("Einwohnerzahlen: Zensus 2022, © Statistische Ämter des Bundes und der "
                 "Länder, dl-de/by-2-0"),
    gettext_lazy("Altersgruppen: Regionalstatistik 12411-02-03-5 (31.12.2015), © Statistische "
                 "Ämter des Bundes und der Länder, dl-de/by-2-0"),
    gettext_lazy("Angebote: Katalog des Bildungsportals (Angaben der Anbieter)"),
    gettext_lazy("Wünsche: Bildungsumfrage des Kreises"),
)


def _indicator_section(key, number, *, highlight=None, with_map=True):
    table = indicator_table(Filters(key))
    indicator = table.indicator
    title = str(indicator.label)
    section = {
        "number": number,
        "title": title,
        "indicator": indicator,
        "table": tables.indicator_table(table),
        "chart": bar_chart(table, chart_id=f"diagramm-{number}", title=title,
                           highlight=highlight),
        "notes": table.notes,
        "table_id": f"r-tabelle-{number}",
    }
    if with_map:
        chart = build_map(table.towns, title=title, unit=str(indicator.unit),
                          url_for=town_link, percent=indicator.percent, highlight=highlight)
        section["map"] = chart
        section["map_id"] = f"karte-{number}"
        section["map_svg"] = chart.svg(f"karte-{number}")
    return section


def report_data(slug=None, *, today=None):
    """Everything in the Bildungsbericht of the district (slug None) or a town."""
    today = today or date.today()
    town = None
    if slug:
        town = Municipality.objects.in_district().filter(slug=slug).first()
        if town is None:
            return None
    sections = [
        _indicator_section(key, i, highlight=slug, with_map=i <= 2)
        for i, key in enumerate(REPORT_INDICATORS, 1)
    ]
    profile = town_profile(slug) if town else None
    # A town's profile already ranks its gaps; computing them again costs a second or more.
    gaps = profile["gaps"][:REPORT_GAPS] if profile else ranked_gaps(limit=REPORT_GAPS)
    data = {
        "town": town,
        "title": (_("Bildungsbericht %(town)s") % {"town": town.name} if town
                  else _("Bildungsbericht %(town)s") % {"town": district_name()}),
        "date": today,
        "date_text": date_format(today, "DATE_FORMAT"),
        "sections": sections,
        "gaps": gaps,
        "gap_table": tables.gap_table(gaps),
        "show_gaps": True,
        "back_url": reverse("insights:overview"),
        "notes": method_notes(demand.survey_k()),
        "sources": SOURCES,
        "office_name": office_name(),
        "filename": f"bildungsbericht-{slug or german_slug(district_name())}-{today.isoformat()}",
    }
    if profile:
        data["profile_tables"] = profile_tables(profile)
        data["population_table"] = population_table(profile)
        data["measures"] = profile["measures"]
    return data


def _published_section(table, number, *, with_map):
    indicator = table.indicator
    filters = table.filters
    names = [str(indicator.label)]
    if filters.life_phase:
        names.append(LifePhase.objects.filter(slug=filters.life_phase).values_list(
            "name", flat=True).first() or filters.life_phase)
    if filters.topic:
        names.append(Topic.objects.filter(slug=filters.topic).values_list(
            "name", flat=True).first() or filters.topic)
    title = " – ".join(names)
    section = {
        "number": number, "title": title, "indicator": indicator,
        "table": tables.indicator_table(table),
        "chart": bar_chart(table, chart_id=f"diagramm-{number}", title=title),
        "notes": table.notes, "table_id": f"r-tabelle-{number}",
    }
    if with_map:
        chart = build_map(table.towns, title=title, unit=str(indicator.unit),
                          url_for=lambda town: f"#r-tabelle-{number}",
                          percent=indicator.percent)
        section.update(map=chart, map_id=f"karte-{number}", map_svg=chart.svg(f"karte-{number}"))
    return section


def office_name():
    """Who publishes the report: the current region's education office."""
    return _("Bildungsbüro %(region)s") % {"region": district_name()}


def public_report_data(*, today=None):
    """The public Bildungsbericht of the district: only the indicators the office published
    (the same tables as /bildung-in-zahlen/), method notes and sources. No gaps, town
    profiles, goals or measures: those are the office's working material and nothing marks
    them as published."""
    today = today or date.today()
    published = published_indicators(today=today)
    return {
        "town": None,
        "public": True,
        "title": _("Bildung in Zahlen – Bericht: %(region)s") % {"region": district_name()},
        "date": today,
        "date_text": date_format(today, "DATE_FORMAT"),
        "sections": [_published_section(table, i, with_map=i <= 2)
                     for i, table in enumerate(published, 1)],
        "notes": method_notes(demand.survey_k()),
        "sources": SOURCES,
        "back_url": reverse("insights:public"),
        "office_name": office_name(),
        "filename": f"bildung-in-zahlen-{german_slug(district_name())}-{today.isoformat()}",
    }


def report_css():
    path = finders.find(REPORT_CSS)
    with open(path, encoding="utf-8") as handle:
        return handle.read() + page_footer_css()


def _css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_footer_css():
    """The PDF's page footer in the page language (the stylesheet's own lines are German)."""
    marker = "\x00"
    page = _("Seite %(page)s von %(pages)s") % {"page": f"{marker}page{marker}",
                                                "pages": f"{marker}pages{marker}"}
    parts = []
    for i, piece in enumerate(page.split(marker)):
        if i % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(_css_string(piece))
    title = _css_string(_("Bildungsbericht – Bildungsbüro %(region)s")
                        % {"region": district_name()})
    return ("\n@page {\n"
            f"  @bottom-left {{ content: {title}; }}\n"
            f"  @bottom-right {{ content: {' '.join(parts)}; }}\n}}\n")


def render_html(data, *, standalone=False):
    """The report as one HTML document without links to fetch; `standalone` embeds the
    stylesheet (for the CLI's HTML file), the PDF gets it from render_pdf."""
    css = report_css() if standalone else ""
    return render_to_string("insights/report_document.html", {**data, "inline_css": css})


# The map's labels that appear on keyboard focus or hover (display="none" until then): paper
# has neither, and WeasyPrint would still lay out every one of their texts.
FOCUS_LABELS = re.compile(r'<g class="focus-labels" aria-hidden="true">.*?</g></g>', re.S)


def render_pdf(data):
    """The report as PDF bytes (WeasyPrint; charts and maps stay vectors)."""
    html = FOCUS_LABELS.sub("", render_html(data))
    return html_to_pdf(html, css=report_css(), base_url=settings.STATIC_URL)
