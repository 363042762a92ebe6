"""Venues and providers of the records: reused when known, resolved offline from postcodes."""

from django.db.models import Avg

from bildungsportal.catalog import models as catalog
from bildungsportal.places.models import Municipality, PostalCode
from bildungsportal.places.selectors import clean_input

from ..records import Problem


class VenueResolver:
    """Venues reused per provider by (name, street, postcode); towns from postcodes, offline.

    A venue in one of our municipalities (the district's towns and the neighbour cities in
    places) is linked to it. A place outside them (e.g. Berlin) is not invented as a town: the
    venue keeps its place name as `locality` (as given, else from the postcode table) and the
    coordinates of its postcode, so its runs have dates and a distance but no town facet.
    """

    def __init__(self, provider_ids):
        self.by_postcode = {}
        self.by_name = {}
        for municipality in Municipality.objects.all():
            for code in municipality.postcodes or []:
                self.by_postcode.setdefault(code, municipality)
            self.by_name[municipality.name.casefold()] = municipality
        self.existing = {
            (v.provider_id, v.name, v.street, v.postcode): v
            for v in catalog.Venue.objects.filter(provider_id__in=provider_ids)
        }
        self.new = {}
        self.postcodes = {}  # code -> (latitude, longitude, place) or None
        self.places = {}  # casefolded place name -> (latitude, longitude)

    def municipality(self, venue):
        if venue.postcode in self.by_postcode:
            return self.by_postcode[venue.postcode]
        town = venue.town.casefold()
        if not venue.postcode and town in self.by_name:
            return self.by_name[town]
        return None

    def locality(self, venue):
        """The place name of a venue outside our municipalities ("" when there is none)."""
        town = clean_input(venue.town)[:100]
        if town:
            return town
        found = self._postcode(venue.postcode)
        return found[2][:100] if found else ""

    def key(self, provider_id, venue):
        name = venue.name or venue.street or venue.town
        return (provider_id, name, venue.street, venue.postcode)

    def check(self, record, run, number, report):
        """True when the run's venue can be stored; a warning otherwise."""
        if run.venue is None:
            if run.is_online:
                return True
            report.problems.append(Problem(
                f"Termin {number}: weder Veranstaltungsort noch online – Termin nicht übernommen",
                record.record, fatal=False,
            ))
            return False
        if self.municipality(run.venue) is None and not self.locality(run.venue):
            where = run.venue.postcode or "ohne Postleitzahl"
            report.problems.append(Problem(
                f"Termin {number}: Ort unbekannt ({where}, kein Ortsname) – Termin nicht "
                "übernommen",
                record.record, fatal=False,
            ))
            return False
        return True

    def get(self, provider_id, venue):
        """The Venue for this record (existing, or new and unsaved)."""
        key = self.key(provider_id, venue)
        if key in self.existing:
            return self.existing[key]
        if key not in self.new:
            municipality = self.municipality(venue)
            locality = "" if municipality else self.locality(venue)
            latitude, longitude = venue.latitude, venue.longitude
            if latitude is None or longitude is None:
                found = self._postcode(venue.postcode)
                latitude, longitude = found[:2] if found else (None, None)
            if (latitude is None or longitude is None) and locality:
                # No postcode: the centre of the place's postcode areas, if it is German.
                latitude, longitude = self._place_centre(locality)
            self.new[key] = catalog.Venue(
                provider_id=provider_id, name=key[1][:200] or "Veranstaltungsort",
                street=venue.street, postcode=venue.postcode,
                municipality=municipality, locality=locality,
                latitude=latitude, longitude=longitude,
                step_free=venue.step_free, accessibility_notes=venue.accessibility_notes,
            )
        return self.new[key]

    def _postcode(self, code):
        if not code:
            return None
        if code not in self.postcodes:
            self.postcodes[code] = PostalCode.objects.filter(code=code).values_list(
                "latitude", "longitude", "place"
            ).first()
        return self.postcodes[code]

    def _place_centre(self, place):
        folded = place.casefold()
        if folded not in self.places:
            centre = PostalCode.objects.filter(place__iexact=place).aggregate(
                latitude=Avg("latitude"), longitude=Avg("longitude")
            )
            self.places[folded] = (centre["latitude"], centre["longitude"])
        return self.places[folded]

    def save_new(self):
        created = catalog.Venue.objects.bulk_create(list(self.new.values()), batch_size=500)
        self.existing.update(self.new)
        self.new = {}
        return created


def resolve_providers(records, provider, report, *, create):
    """Provider per record number: the fixed one, else by the record's provider name."""
    if provider is not None:
        return {record.record: provider for record in records}
    names = {r.provider_name for r in records if r.provider_name}
    existing = {p.name: p for p in catalog.Provider.objects.filter(name__in=names)}
    result = {}
    for record in records:
        name = record.provider_name[:200]
        if not name:
            report.problems.append(Problem(
                "Anbieter fehlt (beim Import einen Anbieter wählen, z. B. --provider NAME)",
                record.record,
            ))
            report.invalid_records.add(record.record)
            continue
        if name not in existing:
            existing[name] = catalog.Provider(
                name=name, kind=catalog.Provider.Kind.OTHER, source="import",
                email=record.provider_email[:254],
                website=record.provider_website if len(record.provider_website) <= 200 else "",
            )
            if create:
                existing[name].save()
        result[record.record] = existing[name]
    return result
