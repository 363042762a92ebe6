"""The German analyzer: one function turns text into search terms, at index and query time.

Both backends index and match only its output, so they agree on what matches.
Version 1 normalises Unicode, folds case and umlauts (ä = ae, ö = oe, ü = ue, ß = ss) and
strips other diacritics (é = e). Stemming, compounds and synonyms come in a later version.
"""

import re
import unicodedata

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
TERM = re.compile(r"[^\W_]+")
MAX_TERM_LENGTH = 40


def fold(text):
    """Normalise and fold text: 'Fußball-Übungen' → 'fussball-uebungen'."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(text):
    """The list of search terms in text, in order."""
    return [t[:MAX_TERM_LENGTH] for t in TERM.findall(fold(text or ""))]


def analyze(text):
    """Terms joined by spaces: what the backends store."""
    return " ".join(terms(text))
