"""Parsing: the size limit, then the format's parser; problems instead of exceptions."""

from django.conf import settings

from ..formats import FORMATS
from ..records import Problem


def parse(data, format_name, filename, report):
    """Size limit, then the format's parser; problems instead of exceptions."""
    format_object = FORMATS.get(format_name)
    if format_object is None:
        known = ", ".join(sorted(FORMATS)) or "keine"
        report.problems.append(Problem(f"unbekanntes Format {format_name!r} (bekannt: {known})"))
        return None, []
    if len(data) > settings.IMPORT_MAX_BYTES:
        report.problems.append(Problem(
            f"Datei ist zu groß ({len(data) / 1_048_576:.1f} MB, höchstens "
            f"{settings.IMPORT_MAX_BYTES / 1_048_576:.0f} MB)"
        ))
        return format_object, []
    if not data.strip():
        report.problems.append(Problem("Datei ist leer"))
        return format_object, []
    try:
        result = format_object.parse(data, filename=filename)
    except Exception as error:  # noqa: BLE001 — a parser bug must not become a 500
        report.problems.append(Problem(
            f"Datei konnte nicht gelesen werden ({type(error).__name__})"
        ))
        return format_object, []
    report.problems.extend(result.problems)
    for problem in result.problems:
        if problem.fatal and problem.record is not None:
            report.invalid_records.add(problem.record)
    if len(result.records) > settings.IMPORT_MAX_RECORDS:
        report.problems.append(Problem(
            f"zu viele Datensätze ({len(result.records)}, höchstens "
            f"{settings.IMPORT_MAX_RECORDS})"
        ))
        return format_object, []
    return format_object, result.records
