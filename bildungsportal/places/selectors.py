"""Reads on places: turn what a person typed into a point on the map."""

import re
import unicodedata

from django.db.models import Avg
from django.utils.text import slugify

from bildungsportal.core.slugs import german_slug

from .models import Municipality, PostalCode

MAX_PLACE_LENGTH = 100
POSTCODE = re.compile(r"(\d{5})(?:\s.*)?")


def place_slug(text):
    """A German-aware slug: "Groß-Rohrheim" → "gross-rohrheim", "Fürth" → "fuerth"."""
    return german_slug(text)


def clean_input(text):
    """Printable text with single spaces, or "" for anything unusable."""
    if not isinstance(text, str) or len(text) > 10 * MAX_PLACE_LENGTH:
        return ""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    return text if len(text) <= MAX_PLACE_LENGTH else ""


def municipality_for_postcode(code):
    """The municipality (district town or neighbour) a postcode belongs to, or None."""
    if not isinstance(code, str) or not re.fullmatch(r"\d{5}", code):
        return None
    # Few rows; JSON containment lookups are not portable to SQLite.
    return next((m for m in Municipality.objects.all() if code in m.postcodes), None)


def find_municipality(text):
    """A municipality by name, official name or slug, in any case or umlaut spelling."""
    text = clean_input(text)
    if not text:
        return None
    keys = {place_slug(text), slugify(text)}
    for municipality in Municipality.objects.all():
        names = (municipality.name, municipality.official_name.split(",")[0])
        candidates = {municipality.slug} | {place_slug(name) for name in names}
        candidates |= {slugify(name) for name in names}  # "Furth" for "Fürth"
        if keys & candidates:
            return municipality
    return None


def resolve_place(text):
    """(label, latitude, longitude) for a town name, slug or postcode; None if unknown.

    Accepts every string without raising: district towns and neighbours in any spelling
    ("Fürth", "fuerth", "FUERTH"), any German postcode ("64625", "10115 Berlin"), and
    other German place names as written in the postcode table.
    """
    text = clean_input(text)
    if not text:
        return None
    if match := POSTCODE.fullmatch(text):
        postcode = PostalCode.objects.filter(code=match[1]).first()
        if postcode:
            return f"{postcode.code} {postcode.place}", postcode.latitude, postcode.longitude
        municipality = municipality_for_postcode(match[1])
        if municipality:
            return municipality.name, municipality.latitude, municipality.longitude
        return None
    municipality = find_municipality(text)
    if municipality:
        return municipality.name, municipality.latitude, municipality.longitude
    centre = PostalCode.objects.filter(place__iexact=text).aggregate(
        latitude=Avg("latitude"), longitude=Avg("longitude")
    )
    if centre["latitude"] is None:
        return None
    place = PostalCode.objects.filter(place__iexact=text).values_list("place", flat=True)[0]
    return place, centre["latitude"], centre["longitude"]
