"""Small factories for the public-page tests: a handful of rows, every value known.

No reference CSVs: vocabularies, towns and providers are created here directly.
"""

from datetime import date, time, timedelta

from bildungsportal.catalog import models as catalog
from bildungsportal.places.models import Municipality
from bildungsportal.places.regions import default_region
from bildungsportal.search.indexing import rebuild_index

TODAY = date.today()


def town(name="Bensheim", slug=None, ags="06431002", lat=49.6810, lon=8.6170,
         postcodes=("64625",), population=41000, in_district=True):
    return Municipality.objects.create(
        ags=ags, name=name, official_name=f"{name}, Stadt", slug=slug or name.lower(),
        latitude=lat, longitude=lon, population=population, postcodes=list(postcodes),
        area_km2=57.9, region=default_region() if in_district else None,
    )


def vocabularies():
    """Life phases, topics (with a subtopic), formats, languages, a funding option."""
    v = {
        "adults": catalog.LifePhase.objects.create(
            slug="weiterbildung-beruf", name="Weiterbildung & Beruf", position=5,
            description="Lernen für den Beruf und für sich selbst.",
        ),
        "seniors": catalog.LifePhase.objects.create(
            slug="bildung-im-alter", name="Bildung im Alter", position=6
        ),
        "languages": catalog.Topic.objects.create(slug="sprachen", name="Sprachen"),
        "health": catalog.Topic.objects.create(slug="gesundheit", name="Gesundheit"),
        "in_person": catalog.Format.objects.create(slug="praesenz", name="Präsenzkurs"),
        "online": catalog.Format.objects.create(slug="online", name="Online live"),
        "de": catalog.Language.objects.create(slug="de", name="Deutsch"),
        "en": catalog.Language.objects.create(slug="en", name="Englisch"),
        "target": catalog.TargetGroup.objects.create(slug="erwachsene", name="Erwachsene"),
        "funding": catalog.FundingOption.objects.create(
            slug="bildungsgutschein", name="Bildungsgutschein", url="https://example.org/bg"
        ),
    }
    v["english"] = catalog.Topic.objects.create(
        slug="englisch", name="Englisch", parent=v["languages"]
    )
    v["dqr"] = catalog.DqrLevel.objects.create(level=4, name="Niveau 4")
    return v


def provider(name="VHS Bergstraße", municipality=None, **fields):
    fields.setdefault("kind", catalog.Provider.Kind.VHS)
    return catalog.Provider.objects.create(name=name, municipality=municipality, **fields)


def venue(municipality, name="Haus am Markt", **fields):
    fields.setdefault("street", "Marktplatz 1")
    fields.setdefault("postcode", (municipality.postcodes or [""])[0])
    return catalog.Venue.objects.create(name=name, municipality=municipality, **fields)


def offering(provider, vocab, title="Englisch für Anfänger", *, topics=None, phases=None,
             languages=None, status="published", **fields):
    fields.setdefault("format", vocab["in_person"])
    o = catalog.Offering.objects.create(provider=provider, title=title, status=status, **fields)
    o.topics.set(topics if topics is not None else [vocab["english"]])
    o.life_phases.set(phases if phases is not None else [vocab["adults"]])
    o.languages.set(languages if languages is not None else [vocab["de"]])
    return o


def run(offering, venue=None, days=10, **fields):
    start = fields.pop("start_date", TODAY + timedelta(days=days))
    fields.setdefault("is_online", venue is None)
    return catalog.Run.objects.create(offering=offering, venue=venue, start_date=start, **fields)


def small_catalog():
    """Two towns, one provider, four published offerings, one draft; the index rebuilt."""
    bensheim = town()
    heppenheim = town("Heppenheim", ags="06431011", lat=49.6415, lon=8.6383,
                      postcodes=("64646",), population=26000)
    vocab = vocabularies()
    vhs = provider(municipality=bensheim, street="Rodensteinstraße 2", postcode="64625",
                   email="info@vhs.example.org", phone="06251 1234",
                   website="https://vhs.example.org", description="Die Volkshochschule.")
    haus = venue(bensheim, step_free=True, latitude=49.6805, longitude=8.6225,
                 accessibility_notes="Aufzug im Hof")
    saal = venue(heppenheim, name="Kurfürstensaal", step_free=False)

    english = offering(
        vhs, vocab, "Englisch für Anfänger",
        summary="Sprechen lernen ab der ersten Stunde.",
        description="Erste Zeile\nZweite Zeile <script>alert(1)</script>",
        entry_requirements="Keine Vorkenntnisse nötig.",
        price_cents=12000, price_reduced_cents=8000, price_note="Material inklusive",
        certificate="Teilnahmebescheinigung", dqr_level=vocab["dqr"],
        registration_url="https://vhs.example.org/anmelden",
        registration_contact="Telefon 06251 1234", languages=[vocab["de"], vocab["en"]],
    )
    english.target_groups.set([vocab["target"]])
    english.funding_options.set([vocab["funding"]])
    weekly = run(
        english, haus, days=5, end_date=TODAY + timedelta(days=5 + 7 * 9),
        recurrence=catalog.Run.Recurrence.WEEKLY, start_time=time(18, 30),
        end_time=time(20, 0), sessions=10, hours=20, seats=14,
    )
    once = run(english, saal, days=40, start_time=time(9), end_time=time(11))
    online = run(english, None, days=12, start_time=time(19), end_time=time(20))

    first_aid = offering(vhs, vocab, "Erste Hilfe am Kind", topics=[vocab["health"]],
                         phases=[vocab["adults"], vocab["seniors"]], is_free=True)
    run(first_aid, saal, days=3, start_time=time(10), end_time=time(16))

    other = provider("Musikschule Bergstraße", kind=catalog.Provider.Kind.MUSIC_SCHOOL)
    guitar = offering(other, vocab, "Gitarre für Erwachsene", topics=[vocab["languages"]],
                      price_cents=4500)
    other_run = run(guitar, haus, days=20, start_time=time(17), end_time=time(18))

    draft = offering(vhs, vocab, "Geheimer Entwurf", status="draft")
    draft_run = run(draft, haus, days=8)
    rebuild_index()
    return {
        "bensheim": bensheim, "heppenheim": heppenheim, "vocab": vocab, "vhs": vhs,
        "music": other, "haus": haus, "saal": saal, "english": english, "first_aid": first_aid,
        "guitar": guitar, "draft": draft, "weekly": weekly, "once": once, "online": online,
        "other_run": other_run, "draft_run": draft_run,
    }


def demo_offering(catalog_data):
    """Marks the catalog as demo data (source="demo"), as the demo generator does."""
    o = offering(catalog_data["vhs"], catalog_data["vocab"], "Demo-Kurs", source="demo")
    run(o, catalog_data["haus"], days=2)
    rebuild_index()
    return o


def user(username="nutzer", *, office=False, superuser=False, providers=(),
         password="geheim-Passwort-42", region=None):
    """A user with a role: provider staff (providers=…), office editor (of `region`, by
    default the default region), or admin."""
    from django.contrib.auth.models import Group, User

    from bildungsportal.accounts.models import OFFICE_GROUP, Membership, OfficeMembership
    from bildungsportal.places.regions import default_region

    account = User.objects.create_user(
        username, email=f"{username}@example.org", password=password,
        is_superuser=superuser, is_staff=superuser or office,
    )
    if office:
        account.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
        OfficeMembership.objects.create(user=account, region=region or default_region())
    for item in providers:
        Membership.objects.create(user=account, provider=item)
    return account
