# ruff: noqa: I001 — one import line per format, appended by each format's author
"""The registry of import formats: ``FORMATS[name]`` is an ImportFormat instance.

Each format module adds itself here by name; the CLI, the upload form and feeds read it.
Helpers every format may use live here too (decoding text, reading XML safely).
"""

import codecs

FORMATS = {}


def register(format_class):
    FORMATS[format_class.name] = format_class()
    return format_class


class DecodeError(ValueError):
    """The bytes are not text in an encoding we accept; the message says why, in German."""


def decode_utf8(data):
    """Text from UTF-8 bytes (a BOM is dropped; UTF-16/32 with BOM accepted too).

    Anything else is reported, not guessed: a JSON or XML feed in another encoding would be
    imported with garbled umlauts. (CSV guesses Windows-1252 on its own.)
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(f"Datei ist nicht gültig als {encoding} kodiert "
                                  f"(Byte {error.start})") from None
            return text.lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"Datei ist nicht UTF-8-kodiert (ungültiges Byte 0x{data[error.start]:02x} an "
            f"Stelle {error.start}); bitte als UTF-8 speichern"
        ) from None


# Format modules register themselves on import; one line per format.
from . import vhs  # noqa: E402, F401
from . import ba  # noqa: E402, F401
from . import ical, jsonld, table  # noqa: E402, F401  (table: csv and xlsx)
from . import changefeed  # noqa: E402, F401  (another Bildungsportal's /api/v1/changes)
