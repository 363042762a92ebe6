"""Plain-words explanations of the terms an offering page uses ("Begriffe erklärt").

A term is listed only when the page shows it: because of the offering's data (a reduced price
shows "ermäßigt", a run on the waiting list shows "Warteliste") or because the provider's own
German text uses the word.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import Run


def _always(offering, runs):
    return True


def _never(offering, runs):
    return False


def _funding(*prefixes):
    def applies(offering, runs):
        return any(option.slug.startswith(prefixes) for option in offering.funding_options.all())
    return applies


@dataclass(frozen=True)
class Term:
    key: str
    name: str
    explanation: str
    # Word stems looked for (case-insensitive) in the provider's German texts.
    pattern: str = ""
    applies: Callable = _never


TERMS = (
    # The page always has the box "Anmeldung" and the line "Zugangsvoraussetzungen".
    Term("anmeldung", _("Anmeldung"), _(
        "Sie sagen dem Anbieter vorher, dass Sie teilnehmen möchten. Erst dann ist Ihr Platz "
        "sicher. Das geht oft online, per Telefon oder vor Ort."), r"anmeld", _always),
    Term("zugang", _("Zugangsvoraussetzungen"), _(
        "Was Sie schon können oder mitbringen müssen, um teilzunehmen, zum Beispiel "
        "Vorkenntnisse, ein Schulabschluss oder ein bestimmtes Alter."),
        r"voraussetzung", _always),
    Term("ermaessigung", _("Ermäßigung"), _(
        "Ein günstigerer Preis für bestimmte Gruppen, zum Beispiel Schülerinnen und Schüler, "
        "Studierende, Menschen mit wenig Geld oder mit Schwerbehindertenausweis. Fragen Sie "
        "den Anbieter, ob er für Sie gilt und welchen Nachweis Sie brauchen."),
        r"ermäßig|ermässig|ermaessig",
        lambda o, runs: bool(o.price_reduced_cents)),
    Term("bildungsgutschein", _("Bildungsgutschein"), _(
        "Die Zusage der Agentur für Arbeit oder des Jobcenters, die Kosten einer beruflichen "
        "Weiterbildung für Sie zu übernehmen. Den Gutschein bekommen Sie nach einem "
        "Beratungsgespräch, bevor der Kurs beginnt."),
        r"bildungsgutschein", _funding("bildungsgutschein")),
    Term("kursgebuehr", _("Kursgebühr"), _(
        "Das Geld, das Sie für die Teilnahme bezahlen. Material, Bücher oder Prüfungen können "
        "extra kosten."), r"gebühr|gebuehr"),
    Term("warteliste", _("Warteliste"), _(
        "Der Kurs ist voll. Sie können sich trotzdem melden und kommen auf eine Liste. Sagt "
        "jemand ab, bekommen Sie den Platz, und der Anbieter meldet sich bei Ihnen."),
        r"warteliste",
        lambda o, runs: any(r.booking_status == Run.BookingStatus.WAITLIST for r in runs)),
    Term("bildungsurlaub", _("Bildungsurlaub"), _(
        "Wer angestellt ist, bekommt in Hessen bis zu fünf Tage im Jahr bezahlt frei für eine "
        "anerkannte Weiterbildung (in Baden-Württemberg heißt das Bildungszeit). Den Antrag "
        "stellen Sie rechtzeitig bei Ihrem Arbeitgeber."),
        r"bildungsurlaub|bildungszeit", _funding("bildungsurlaub", "bildungszeit")),
    Term("unterrichtsstunde", _("Unterrichtsstunde"), _(
        "Eine Unterrichtsstunde (auch Unterrichtseinheit, UE) dauert meist 45 Minuten, nicht "
        "60 Minuten."), r"unterrichtseinheit|unterrichtsstunde|\bUE\b",
        lambda o, runs: any(r.hours for r in runs)),
    Term("zertifikat", _("Teilnahmebescheinigung und Zertifikat"), _(
        "Eine Teilnahmebescheinigung zeigt, dass Sie am Kurs teilgenommen haben. Ein "
        "Zertifikat zeigt zusätzlich, dass Sie eine Prüfung bestanden haben."),
        r"bescheinigung|zertifikat", lambda o, runs: bool(o.certificate)),
)


def provider_text(offering, runs):
    """Everything the provider wrote that the offering page shows, in one string."""
    parts = [offering.title, offering.summary, offering.description, offering.price_note,
             offering.entry_requirements, offering.certificate, offering.registration_contact]
    parts += [run.note for run in runs]
    return "\n".join(part for part in parts if part)


def terms_for(offering, runs):
    """The terms this offering's page uses, in the order of TERMS."""
    text = provider_text(offering, runs)
    return [
        term for term in TERMS
        if term.applies(offering, runs)
        or (term.pattern and re.search(term.pattern, text, re.IGNORECASE))
    ]
