"""The registry of import formats: ``FORMATS[name]`` is an ImportFormat instance.

Each format module adds itself here by name; the CLI, the upload form and feeds read it.
"""

FORMATS = {}


def register(format_class):
    FORMATS[format_class.name] = format_class()
    return format_class

from . import ical, jsonld, table  # noqa: E402, F401  (table: csv and xlsx)
