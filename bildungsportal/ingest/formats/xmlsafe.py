"""Read XML safely (defusedxml: no DTD, no entities, no external references, no network) into the
same plain dicts and lists a JSON feed gives, so one mapping serves both."""

from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

MAX_DEPTH = 40


class XMLError(ValueError):
    """The XML is broken or hostile; the message says what, in German."""


def _tag(element):
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def to_python(element, depth=0):
    """xmltodict-like: attributes as "@name", repeated children as lists, text as "#text"."""
    if depth > MAX_DEPTH:
        raise XMLError(f"XML ist zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen)")
    children = list(element)
    text = (element.text or "").strip()
    if not children and not element.attrib:
        return text or None
    result = {f"@{_tag_name(k)}": v for k, v in element.attrib.items()}
    for child in children:
        name = _tag(child)
        value = to_python(child, depth + 1)
        if name in result:
            if not isinstance(result[name], list):
                result[name] = [result[name]]
            result[name].append(value)
        else:
            result[name] = value
    if text:
        result["#text"] = text
    return result


def _tag_name(name):
    return name.rsplit("}", 1)[-1]


def parse_xml(data):
    """(root tag, python value) of XML bytes; XMLError for broken or hostile input."""
    try:
        # No feed of ours needs a DTD: refusing every DOCTYPE also refuses entity tricks.
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException as error:
        raise XMLError(
            f"XML enthält verbotene Konstrukte (Entitäten/DTD/externe Verweise): "
            f"{type(error).__name__}"
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        raise XMLError(f"XML ist nicht wohlgeformt (Zeile {line}, Spalte {column})") from None
    except (ValueError, LookupError) as error:
        raise XMLError(f"XML konnte nicht gelesen werden: {error}") from None
    return _tag(root), to_python(root)
