"""A plausible, varied demo catalog for Kreis Bergstraße.

Deterministic: the same seed on the same day gives the same catalog (dates are relative to
today). Offerings are generated and inserted in batches, so a million of them need no more
memory than a few thousand.

Texts come from templates (catalog/demo_data.py): "{a|b|c}" picks one alternative, "{ort}",
"{sprache}" and "{niveau}" are filled in. Offerings are written through the catalog's write
path (services.save_offerings) inside ``replacing_catalog``: one "whole catalog replaced"
announcement at the end, on which search rebuilds its index once.
"""

import math
import random
import re
import time
from bisect import bisect
from collections import Counter, defaultdict
from datetime import time as clock
from datetime import timedelta
from decimal import Decimal
from functools import cache
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone

from bildungsportal.places.models import Municipality
from bildungsportal.places.selectors import place_slug

from . import services
from .demo_data import (
    BOOKING,
    CLOSING,
    EXTRA_VENUES,
    FREE_SHARE,
    LANGUAGE_COURSES,
    PREVIOUS_LEVEL,
    PROVIDER_KINDS,
    PROVIDER_NAMES,
    QUALITY_SEALS,
    REDUCTION_NOTES,
    STEP_FREE_NOTES,
    STREETS,
    TEMPLATES,
    K,
)
from .models import (
    DqrLevel,
    Format,
    FundingOption,
    Language,
    LifePhase,
    Offering,
    Provider,
    QualitySeal,
    Run,
    TargetGroup,
    Topic,
    Venue,
    offering_slug,
    provider_slug,
)
from .signals import Action
from .vocabularies import OFFERING_RELATIONS

SOURCE = "demo"
# Level words in titles and the language levels they fit (see DemoCatalog.titles_for).
BEGINNER_WORDS = re.compile(r"Anfänger|Einsteiger|Grundkurs|Grundlagen|ohne Vorkenntnisse")
ADVANCED_WORDS = re.compile(r"Fortgeschritten|Aufbaukurs|Vertiefung")
BEGINNER_LEVELS = {"A1", "A2"}
# Every TWIN_EVERY-th offering is a planted duplicate of the one before (external id
# "…-zwilling-<original's number>"), so that the duplicate detector's precision can be measured.
TWIN_EVERY = 250
TWIN_MARK = "zwilling-"


# Small helpers -------------------------------------------------------------------------------

@cache
def compile_text(pattern):
    """Split "a {b|c} d" into ("a ", ("b", "c"), " d"); named fields stay in the text."""
    pieces = re.split(r"\{([^{}]*\|[^{}]*)\}", pattern)
    parts = (tuple(piece.split("|")) if index % 2 else piece for index, piece in enumerate(pieces))
    return tuple(part for part in parts if part != "")


def expand(rng, pattern, **values):
    """Pick one alternative of every "{a|b}", then fill in the named fields."""
    parts = compile_text(pattern)
    text = "".join(part if isinstance(part, str) else rng.choice(part) for part in parts)
    return text.format_map(values) if "{" in text else text


@cache
def minutes(value):
    return clock(value // 60, value % 60)


def teaching_units(sessions, length):
    """Unterrichtsstunden (45 minutes each) as a Decimal with one place."""
    return Decimal(round(sessions * length / 45, 1)).quantize(Decimal("0.1"))


def jitter(rng, latitude, longitude, radius_km=2.0):
    """A point uniformly distributed within radius_km of the given one."""
    distance, angle = radius_km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    degrees_east = 111.2 * math.cos(math.radians(latitude))
    return (
        round(latitude + distance * math.cos(angle) / 111.2, 6),
        round(longitude + distance * math.sin(angle) / degrees_east, 6),
    )


class WeightedChoice:
    """rng.choices(items, weights)[0], with the cumulative weights computed once."""

    def __init__(self, items, weights):
        self.items, self.cumulative = list(items), list(accumulate(weights))

    def __call__(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# Schedules: each returns the Run fields that depend on time ----------------------------------

def next_weekday(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def weekly(rng, today, days, starts, lengths, sessions):
    weekday, begin, length = rng.choice(days), rng.choice(starts), rng.choice(lengths)
    count = rng.choice(sessions)
    first = next_weekday(today + timedelta(days=rng.randint(7, 330)), weekday)
    return {
        "recurrence": Run.Recurrence.WEEKLY, "start_date": first,
        "end_date": first + timedelta(weeks=count - 1), "weekdays": Run.WEEKDAY_BITS[weekday],
        "start_time": minutes(begin), "end_time": minutes(begin + length),
        "sessions": count, "hours": teaching_units(count, length),
    }


def block(rng, today, first_weekday, days, starts, lengths):
    """One day or consecutive days, e.g. a Saturday, a weekend or Monday to Friday."""
    begin, length = rng.choice(starts), rng.choice(lengths)
    first = next_weekday(today + timedelta(days=rng.randint(7, 340)), first_weekday)
    bits = sum(Run.WEEKDAY_BITS[(first_weekday + offset) % 7] for offset in range(days))
    return {
        "recurrence": Run.Recurrence.ONCE, "start_date": first,
        "end_date": first + timedelta(days=days - 1), "weekdays": bits,
        "start_time": minutes(begin), "end_time": minutes(begin + length),
        "sessions": days, "hours": teaching_units(days, length),
    }


def programme(rng, today, months):
    """A long course: two evenings a week (Tuesday, Thursday) or full-time (Monday–Friday)."""
    weeks = round(rng.choice(months) * 4.35)
    if rng.random() < 0.5:
        bits, per_week, begin, length, last_day = 2 | 8, 2, 1080, 195, 2
    else:
        bits, per_week, begin, length, last_day = 31, 5, 480, 450, 4
    first = next_weekday(today + timedelta(days=rng.randint(14, 300)), 0 if per_week == 5 else 1)
    sessions = weeks * per_week
    return {
        "recurrence": Run.Recurrence.WEEKLY, "start_date": first,
        "end_date": first + timedelta(weeks=weeks - 1, days=last_day),
        "weekdays": bits, "start_time": minutes(begin), "end_time": minutes(begin + length),
        "sessions": sessions, "hours": teaching_units(sessions, length),
    }


def standing(rng, template):
    bits, begin, end = rng.choice(template.slots)
    return {
        "recurrence": Run.Recurrence.STANDING, "weekdays": bits,
        "start_time": minutes(begin), "end_time": minutes(end),
    }


SCHEDULES = {
    "evening": lambda rng, today, t: weekly(
        rng, today, (0, 1, 2, 3), (1050, 1080, 1110, 1140, 1170), (90, 90, 120, 135),
        (5, 6, 8, 10, 12),
    ),
    "morning": lambda rng, today, t: weekly(
        rng, today, (0, 1, 2, 3, 4), (540, 570, 600, 630), (60, 90, 90, 120), (6, 8, 10),
    ),
    "afternoon": lambda rng, today, t: weekly(
        rng, today, (0, 1, 2, 3, 4), (840, 870, 900, 930, 960), (45, 60, 90), (8, 10, 12, 15),
    ),
    "evening_once": lambda rng, today, t: block(
        rng, today, rng.randrange(5), 1, (1080, 1110, 1140, 1170), (90, 120, 180),
    ),
    "weekend": lambda rng, today, t: block(
        rng, today, rng.choice((5, 5, 5, 6)), rng.choice((1, 1, 2)), (540, 600),
        (180, 240, 360, 420),
    ),
    "day": lambda rng, today, t: block(
        rng, today, rng.randrange(6), 1, (540, 600), (300, 360, 420),
    ),
    "educational_leave": lambda rng, today, t: block(rng, today, 0, 5, (510, 540), (420, 450)),
    "holiday": lambda rng, today, t: block(rng, today, 0, 5, (480, 540), (240, 420, 480)),
    "programme": lambda rng, today, t: programme(rng, today, t.months),
    "standing": lambda rng, today, t: standing(rng, t),
    "self_study": lambda rng, today, t: {"recurrence": Run.Recurrence.STANDING},
}
SEATS = {
    "evening": (8, 16), "morning": (8, 15), "afternoon": (6, 14), "evening_once": (15, 80),
    "weekend": (8, 16), "day": (12, 120), "educational_leave": (8, 16), "holiday": (12, 30),
    "programme": (12, 25),
}


# The generator --------------------------------------------------------------------------------

class DemoCatalog:
    """Generates providers, venues, offerings and runs; see generate() below."""

    def __init__(self, seed, today=None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today or timezone.localdate()
        vocabularies = (LifePhase, Topic, TargetGroup, Format, FundingOption, QualitySeal, Language)
        self.ids = {model: dict(model.objects.values_list("slug", "pk")) for model in vocabularies}
        self.dqr_levels = set(DqrLevel.objects.values_list("level", flat=True))
        self.towns = list(Municipality.objects.in_district().order_by("ags"))
        if not self.towns or not self.ids[LifePhase]:
            raise ValueError("Reference data missing: run `bildungsportal load_reference` first.")
        # Universities in the neighbour cities (Weinheim has none), everything else in the 22 towns.
        self.cities = [
            city for city in Municipality.objects.filter(region__isnull=True).order_by("ags")
            if city.slug != "weinheim"
        ] or self.towns
        self.town_choice = WeightedChoice(self.towns, [town.population for town in self.towns])
        self.city_choice = WeightedChoice(self.cities, [city.population for city in self.cities])
        subtopics = Topic.objects.filter(parent__isnull=False)
        self.parents = dict(subtopics.values_list("slug", "parent__slug"))
        self.template_choices = {}
        self.slugs = {}
        self.nearest = {}
        self.fitting_titles = {}
        self.last = None

    def templates_for(self, kind, speciality):
        """A weighted choice of the templates a provider of this kind and speciality offers."""
        key = (kind, speciality)
        if key not in self.template_choices:
            templates = [t for t in TEMPLATES if kind in t.kinds]
            if speciality:
                fitting = [t for t in templates if set(speciality) & self.tags(t)]
                templates = fitting or templates
            self.template_choices[key] = WeightedChoice(templates, [t.weight for t in templates])
        return self.template_choices[key]

    def tags(self, template):
        topics = template.topics + template.language_courses
        return set(topics) | {self.parents.get(topic) for topic in topics}

    # Providers and venues

    def create_providers(self, count):
        rng = self.rng
        kinds = list(PROVIDER_KINDS)
        kind_choice = WeightedChoice(kinds, [spec[0] for spec in PROVIDER_KINDS.values()])
        chosen = kinds + [kind_choice(rng) for _ in range(max(0, count - len(kinds)))]
        providers, names = [], Counter()
        approved_at = timezone.now()  # demo providers publish without review
        # Every town gets a provider first (largest towns first), then by population: no town
        # of thousands of inhabitants is left without offerings.
        seats = sorted(self.towns, key=lambda town: -town.population)
        for kind in chosen:
            for _ in range(10):  # prefer a name not taken yet, e.g. one VHS per town
                if kind == K.UNIVERSITY:
                    town = self.city_choice(rng)
                else:
                    town = seats[0] if seats else self.town_choice(rng)
                pattern, speciality = rng.choice(PROVIDER_NAMES[kind])
                status = "Stadt" if "stadt" in town.official_name.lower() else "Gemeinde"
                base = expand(rng, pattern, ort=town.name, gemeinde=status)
                if base not in names:
                    break
            if kind != K.UNIVERSITY and seats:
                seats.pop(0)
            names[base] += 1
            name = f"{base} ({names[base]})" if names[base] > 1 else base
            domain = place_slug(base)[:40].strip("-")
            provider = Provider(
                name=name, slug=provider_slug(name), kind=kind, source=SOURCE,
                description=PROVIDER_KINDS[kind][2].format(ort=town.name),
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postcode=rng.choice(town.postcodes), municipality=town,
                email=f"info@{domain}.example", website=f"https://www.{domain}.example/",
                approved_at=approved_at,
            )
            provider.demo_templates = self.templates_for(kind, speciality)
            providers.append(provider)
        Provider.objects.bulk_create(providers)
        seals = self.ids[QualitySeal]
        links = [
            Provider.quality_seals.through(provider_id=provider.pk, qualityseal_id=seals[slug])
            for provider in providers
            for slug, share in QUALITY_SEALS.get(provider.kind, ())
            if slug in seals and rng.random() < share
        ]
        Provider.quality_seals.through.objects.bulk_create(links)
        # Only AZAV-approved providers offer courses paid with a Bildungsgutschein.
        self.azav = {link.provider_id for link in links if link.qualityseal_id == seals.get("azav")}
        self.create_venues(providers)
        self.providers = providers
        self.provider_choice = WeightedChoice(providers, self.provider_weights(providers))
        self.by_town = defaultdict(list)
        for provider in providers:
            self.by_town[provider.municipality_id].append(provider)
        return providers

    def provider_weights(self, providers):
        """Each provider's share of the offerings: its kind's weight, scaled so that the
        towns of the district get offerings in proportion to their population."""
        weight = {provider: PROVIDER_KINDS[provider.kind][1] for provider in providers}
        local = [provider for provider in providers if provider.kind != K.UNIVERSITY]
        per_town = Counter()
        for provider in local:
            per_town[provider.municipality_id] += weight[provider]
        mass = sum(weight[provider] for provider in local)
        population = sum(town.population for town in self.towns if town.pk in per_town) or 1
        for provider in local:
            town_share = provider.municipality.population / population
            weight[provider] *= mass * town_share / per_town[provider.municipality_id]
        return [weight[provider] for provider in providers]

    def create_venues(self, providers):
        rng = self.rng
        venues = []
        for provider in providers:
            own = [self.venue(provider, provider.name, provider.municipality, provider.street)]
            extra = rng.randint(2, 5) if provider.kind == K.VHS else rng.choice((0, 0, 0, 1, 2))
            for _ in range(extra):
                # A VHS teaches in its own and the neighbouring towns, never across the district.
                town = (rng.choice(self.neighbours(provider.municipality))
                        if provider.kind == K.VHS else provider.municipality)
                name = expand(rng, rng.choice(EXTRA_VENUES), ort=town.name)
                own.append(self.venue(provider, name, town))
            provider.demo_venues = own
            venues.extend(own)
        Venue.objects.bulk_create(venues)

    def neighbours(self, town, count=3):
        """The town itself and its ``count`` nearest towns of the district."""
        if town.pk not in self.nearest:
            others = sorted(
                (t for t in self.towns if t.pk != town.pk),
                key=lambda t: (t.latitude - town.latitude) ** 2
                + ((t.longitude - town.longitude) * 0.65) ** 2,  # a degree east is shorter
            )
            self.nearest[town.pk] = [town, *others[:count]]
        return self.nearest[town.pk]

    def venue(self, provider, name, town, street=None):
        rng = self.rng
        step_free = rng.choices((True, False, None), (55, 20, 25))[0]
        latitude, longitude = jitter(rng, town.latitude, town.longitude)
        return Venue(
            provider=provider, name=name, municipality=town,
            street=street or f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            postcode=rng.choice(town.postcodes), latitude=latitude, longitude=longitude,
            step_free=step_free, accessibility_notes=rng.choice(STEP_FREE_NOTES[step_free]),
        )

    # Offerings

    def offering(self, index):
        """One offering as a plan for services.save_offerings (now and then a planted
        duplicate of the one before, see ``twin``)."""
        if index % TWIN_EVERY == TWIN_EVERY - 1 and self.last is not None:
            plan = self.twin(index, self.last)
            if plan is not None:
                self.last = None
                return plan
        self.last = plan = self.new_offering(index)
        return plan

    def twin(self, index, original):
        """A planted duplicate: the same course listed by a second provider of the same town
        (a co-organised course), at the same venue and dates, the title spelt a little
        differently. The duplicate detector should find exactly these (docs/office.md)."""
        values = original.values
        if values["status"] != Offering.Status.PUBLISHED or not any(
                run["venue_id"] for run in original.runs):
            return None
        provider = next(p for p in self.providers if p.pk == values["provider_id"])
        partners = [p for p in self.by_town[provider.municipality_id] if p.pk != provider.pk]
        if not partners:
            return None
        partner = self.rng.choice(partners)
        title = values["title"].replace(" – ", " - ")
        title = title if title != values["title"] else f"{title} (Kurs)"
        external_id = f"demo-{self.seed}-{index:07d}-{TWIN_MARK}{values['external_id'][-7:]}"
        fields = dict(values, provider_id=partner.pk, title=title[:250], slug=self.slug(title),
                      external_id=external_id, registration_url="",
                      registration_contact=f"Anmeldung per E-Mail an {partner.email}")
        runs = [dict(run, external_id=f"{external_id}-{number}")
                for number, run in enumerate(original.runs, start=1)]
        return services.OfferingPlan(fields, original.relations, runs)

    def new_offering(self, index):
        rng = self.rng
        if index < len(self.providers):  # every provider offers something
            provider = self.providers[index]
        else:
            provider = self.provider_choice(rng)
        template = provider.demo_templates(rng)
        values = {"ort": provider.municipality.name, "sprache": "", "niveau": ""}
        topics, languages = template.topics, template.languages
        if template.language_courses:
            slug = rng.choices(
                template.language_courses,
                [LANGUAGE_COURSES[course][2] for course in template.language_courses],
            )[0]
            code, values["sprache"], _, levels = LANGUAGE_COURSES[slug]
            offered = [level for level in template.levels if level in levels] or levels
            values["niveau"] = rng.choice(offered)
            topics, languages = (slug,), ("de", code)
        else:
            values["niveau"] = rng.choice(template.levels)
            if len(languages) > 1:  # counselling and cafés: German plus up to three more
                extra = rng.sample(languages[1:], rng.randint(0, min(3, len(languages) - 1)))
                languages = ("de", *extra)

        title = expand(rng, rng.choice(self.titles_for(template, values["niveau"])),
                       **values)[:250]
        external_id = f"demo-{self.seed}-{index:07d}"
        self_study = template.schedule == "self_study"
        online = self_study or rng.random() < template.online
        hybrid = not online and template.online > 0 and rng.random() < 0.05
        format_slug = "selbstlernen" if self_study else (
            "online" if online else "hybrid" if hybrid else "praesenz")
        price, reduced, is_free, price_note = self.price(template, provider, values)
        funding = [] if is_free else [
            slug for slug in template.funding
            if (slug != "bildungsgutschein" or provider.pk in self.azav)
            and rng.random() < (0.5 if slug == "bildungszeit-bw" else 0.7)
        ]
        if template.schedule == "educational_leave":
            funding.insert(0, "bildungsurlaub-hessen")

        sentences = rng.sample(template.text, min(len(template.text), rng.randint(2, 3)))
        closing = "online" if online and not self_study else (
            "free" if is_free and template.schedule == "standing" else "course")
        description = [expand(rng, sentence, **values) for sentence in sentences]
        description.append(rng.choice(CLOSING[closing]))
        bookable = template.schedule not in ("standing", "self_study")

        fields = dict(
            provider_id=provider.pk, title=title, slug=self.slug(title),
            summary=expand(rng, template.summary, **values)[:500],
            description=" ".join(description),
            entry_requirements=self.requirements(template, values),
            format_id=self.ids[Format][format_slug],
            price_cents=price, price_reduced_cents=reduced, is_free=is_free,
            price_note=price_note, certificate=expand(rng, template.certificate, **values),
            dqr_level_id=template.dqr if template.dqr in self.dqr_levels else None,
            registration_url=(
                f"{provider.website}anmeldung/{external_id}"
                if bookable and rng.random() < 0.6 else ""
            ),
            registration_contact=(
                f"Anmeldung per E-Mail an {provider.email}" if bookable
                else "Ohne Anmeldung oder nach Terminvereinbarung"
            ),
            status=Offering.Status.DRAFT if rng.random() < 0.02 else Offering.Status.PUBLISHED,
            source=SOURCE, external_id=external_id,
        )
        runs = self.runs(template, provider, online, hybrid, price, external_id)
        groups = rng.sample(template.groups, rng.randint(1, len(template.groups)))
        terms = {
            "life_phases": (LifePhase, template.phases), "topics": (Topic, topics),
            "target_groups": (TargetGroup, groups), "languages": (Language, languages),
            "funding_options": (FundingOption, dict.fromkeys(funding)),
        }
        links = {
            name: [self.ids[model][slug] for slug in slugs if slug in self.ids[model]]
            for name, (model, slugs) in terms.items()
        }
        return services.OfferingPlan(fields, links, runs)

    def titles_for(self, template, level):
        """The template's titles whose level words fit ``level``: no "Anfänger:innen" at
        B2, no "Fortgeschrittene" at A1 (titles without such words fit every level)."""
        if not template.language_courses:  # only language courses have a real level
            return template.titles
        key = (id(template), level)
        if key not in self.fitting_titles:
            fitting = [
                title for title in template.titles
                if not (BEGINNER_WORDS.search(title) and level not in BEGINNER_LEVELS)
                and not (ADVANCED_WORDS.search(title) and level in BEGINNER_LEVELS)
            ]
            self.fitting_titles[key] = fitting or list(template.titles)
        return self.fitting_titles[key]

    def slug(self, title):
        if title not in self.slugs:
            if len(self.slugs) > 100_000:
                self.slugs.clear()
            self.slugs[title] = offering_slug(title)
        return self.slugs[title]

    def price(self, template, provider, values):
        """(price_cents, price_reduced_cents, is_free, price_note) within the constraints."""
        rng = self.rng
        note = expand(rng, template.price_note, **values)
        if template.fee is None:
            return None, None, False, note
        low, high = template.fee if isinstance(template.fee, tuple) else (template.fee,) * 2
        free_share = FREE_SHARE.get(provider.kind, 0.4 if low == 0 else 0)
        if high == 0 or rng.random() < free_share:
            return None, None, True, note
        step = 5 if high >= 50 else 1
        price = max(step, round(rng.uniform(max(low, 1), high) / step) * step) * 100
        reduced = None
        if rng.random() < 0.3:
            reduced = min(price, round(price * rng.choice((0.5, 0.7, 0.75, 0.8)) / 50) * 50)
            note = " ".join(filter(None, (note, rng.choice(REDUCTION_NOTES))))
        return price, reduced, False, note[:300]

    def requirements(self, template, values):
        level = values["niveau"]
        if template.language_courses and level in PREVIOUS_LEVEL:
            previous = PREVIOUS_LEVEL[level]
            return f"Kenntnisse auf Niveau {previous}, etwa nach einem {previous}-Kurs."
        return expand(self.rng, self.rng.choice(template.requirements), **values)

    def runs(self, template, provider, online, hybrid, price, external_id):
        """Run values: one run, sometimes two or three for courses."""
        rng = self.rng
        single = template.schedule in ("standing", "self_study", "programme")
        count = 1 if single else rng.choices((1, 2, 3), (70, 25, 5))[0]
        rows = []
        for number in range(1, count + 1):
            run = SCHEDULES[template.schedule](rng, self.today, template)
            if run["recurrence"] == Run.Recurrence.STANDING:
                status = Run.BookingStatus.NO_BOOKING
            else:
                status = rng.choices(tuple(BOOKING), tuple(BOOKING.values()))[0]
            seats = SEATS.get(template.schedule)
            if seats and status != Run.BookingStatus.NO_BOOKING:
                seats = rng.randint(*seats)
            else:
                seats = None
            venue = None if online and not hybrid else rng.choice(provider.demo_venues)
            run_price = None
            note = "Zugangsdaten erhalten Sie nach der Anmeldung." if online else ""
            if price and number > 1 and rng.random() < 0.1:
                run_price, note = price + 1000, "Kleingruppe – abweichender Preis."
            rows.append({
                "recurrence": run["recurrence"], "start_date": run.get("start_date"),
                "end_date": run.get("end_date"), "weekdays": run.get("weekdays", 0),
                "start_time": run.get("start_time"), "end_time": run.get("end_time"),
                "sessions": run.get("sessions"), "hours": run.get("hours"), "seats": seats,
                "booking_status": status, "venue_id": venue.pk if venue else None,
                "is_online": online or hybrid, "price_cents": run_price, "note": note,
                "external_id": f"{external_id}-{number}",
            })
        return rows


def provider_count(offerings):
    return min(1500, max(len(PROVIDER_KINDS) * 3, offerings // 40))


def generate(offerings, seed=1, batch_size=5000, progress=None, today=None):
    """Insert `offerings` demo offerings with providers, venues and runs; return counts.

    Written in batches through the catalog's write path; one "whole catalog replaced"
    announcement at the end (the search index is rebuilt once, not batch by batch).
    """
    catalog = DemoCatalog(seed, today)
    started = time.monotonic()
    run_count = 0
    with services.replacing_catalog(Action.IMPORTED, note="Demo-Katalog"):
        with transaction.atomic():
            providers = catalog.create_providers(provider_count(offerings))
        for start in range(0, offerings, batch_size):
            stop = min(offerings, start + batch_size)
            plans = [catalog.offering(index) for index in range(start, stop)]
            services.save_offerings(plans, action=Action.IMPORTED)
            run_count += sum(len(plan.runs) for plan in plans)
            if progress:
                progress(stop, offerings, time.monotonic() - started)
        seconds = time.monotonic() - started  # the generation; the index is rebuilt below
    return {
        "providers": len(providers),
        "venues": sum(len(provider.demo_venues) for provider in providers),
        "offerings": offerings,
        "runs": run_count,
        "seconds": seconds,
    }


def delete_demo_catalog():
    """Delete every demo offering and demo provider; return the number of offerings deleted.

    Rows are deleted table by table (the ORM would collect and announce offering after
    offering); then, in the same transaction, the whole catalog is announced as replaced, so
    that listeners drop what belonged to the deleted offerings before the commit.
    """
    offerings = Offering.objects.filter(source=SOURCE)
    count = offerings.count()
    with transaction.atomic():
        for kind in OFFERING_RELATIONS:
            kind.through.objects.filter(offering__in=offerings.values("pk")).delete()
        with connection.cursor() as cursor:
            quote = connection.ops.quote_name
            run, offering = quote(Run._meta.db_table), quote(Offering._meta.db_table)
            cursor.execute(
                f"DELETE FROM {run} WHERE offering_id IN "
                f"(SELECT id FROM {offering} WHERE source = %s)",
                [SOURCE],
            )
            cursor.execute(f"DELETE FROM {offering} WHERE source = %s", [SOURCE])
        Provider.objects.filter(source=SOURCE).delete()
        services.announce_catalog_replaced(Action.DELETED, note="Demo-Katalog gelöscht")
    return count
