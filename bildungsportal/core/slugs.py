"""The one German-aware slug rule of the house (URLs of offerings, providers, towns)."""

import unicodedata

from django.utils.text import slugify

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def german_slug(text):
    """"Prüfung" → "pruefung", "Straße" → "strasse", "Ärzte" → "aerzte".

    Umlauts and ß are spelled out before slugify, which would otherwise drop the
    diaeresis ("prufung") or the ß ("strae").
    """
    return slugify(unicodedata.normalize("NFC", text or "").lower().translate(UMLAUTS))
