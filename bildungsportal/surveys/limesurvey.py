"""Import from LimeSurvey: a survey structure (.lss) and its response export (CSV).

The .lss is XML (parsed with defusedxml: no DTDs, no entities, so "billion laughs" and
external entities are refused). Both the LimeSurvey 4+ layout (texts in ``group_l10ns``,
``question_l10ns``, ``answer_l10ns``) and the older one (texts in the rows, one row per
language) are read. Groups become pages, questions keep their code (``title``) as our stable
code, subquestions become options (multiple choice), rows (arrays) or items (ranking), answer
options become choices.

The response CSV is LimeSurvey's "Export responses" with question-code headings and answer
codes (``Q1``, ``Q2[SQ001]`` or the R/SPSS style ``Q2_SQ001``, ``Q3[other]``, ranking
``Q4[1]``…). Meta columns are read for the day only (``submitdate`` → submitted_on, empty =
unfinished); ``ipaddr``, ``refurl``, ``token`` and exact times are never stored.

Everything is checked before anything is written, and written in one transaction: a file
with an error imports nothing. Errors are German/English sentences naming row and column.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from html import unescape

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import slugify

from .conditions import CODE_RE
from .models import Answer, Choice, Page, Question, Response, Survey, SurveyVersion

KIND = Question.Kind
# LimeSurvey question type → (our kind, fixed choices or None)
TYPES = {
    "L": (KIND.SINGLE, None), "!": (KIND.SINGLE, None), "O": (KIND.SINGLE, None),
    "Y": (KIND.SINGLE, [("Y", "Ja"), ("N", "Nein")]),
    "G": (KIND.SINGLE, [("F", "weiblich"), ("M", "männlich")]),
    "M": (KIND.MULTIPLE, None), "P": (KIND.MULTIPLE, None),
    "F": (KIND.MATRIX, None), "H": (KIND.MATRIX, None),
    "A": (KIND.MATRIX, [(str(n), str(n)) for n in range(1, 6)]),
    "B": (KIND.MATRIX, [(str(n), str(n)) for n in range(1, 11)]),
    "C": (KIND.MATRIX, [("Y", "Ja"), ("U", "unsicher"), ("N", "Nein")]),
    "E": (KIND.MATRIX, [("I", "mehr"), ("S", "gleich"), ("D", "weniger")]),
    "5": (KIND.LIKERT, [(str(n), str(n)) for n in range(1, 6)]),
    "N": (KIND.NUMBER, None),
    "S": (KIND.SHORT_TEXT, None), "D": (KIND.SHORT_TEXT, None),
    "T": (KIND.LONG_TEXT, None), "U": (KIND.LONG_TEXT, None),
    "R": (KIND.RANKING, None),
}
SKIPPED_TYPES = {"X", "*", "|"}  # text display, equation, file upload: no answers to import
META_COLUMNS = {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
                "datestamp", "ipaddr", "refurl", "token", "interviewtime", "optout"}
MAX_ERRORS = 20


class LimeSurveyError(Exception):
    """The file can't be imported; ``messages`` lists what is wrong (at most 20)."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class QuestionSpec:
    qid: str
    code: str
    ls_type: str
    kind: str
    text: dict
    group: str
    order: int
    mandatory: str = "N"
    other: bool = False
    choices: list = field(default_factory=list)  # [(code, {lang: label})]
    subquestions: list = field(default_factory=list)


@dataclass
class Structure:
    sid: str
    title: dict
    languages: list
    groups: list  # [(gid, {lang: name}, order)]
    questions: list  # [QuestionSpec] in order
    skipped: list = field(default_factory=list)


def _text(value):
    return unescape(strip_tags(value or "")).strip()


def _table(root, name):
    """The <rows> of a section as dicts {field: text}."""
    section = root.find(name)
    if section is None:
        return []
    return [{child.tag: child.text or "" for child in row} for row in section.iter("row")]


def _check_size(data, what):
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise LimeSurveyError(
            f"{what} ist zu groß (höchstens {settings.IMPORT_MAX_BYTES // 1024 // 1024} MB) / "
            f"file too large.")


def parse_structure(data):
    """A Structure from the bytes of an .lss file; LimeSurveyError when it is not one."""
    _check_size(data, "Die Strukturdatei")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise LimeSurveyError(
            "Die Strukturdatei enthält eine DTD oder Entitäten und wird aus Sicherheitsgründen "
            f"nicht gelesen / DTDs and entities are refused ({type(error).__name__}).") from error
    except SafeET.ParseError as error:
        raise LimeSurveyError(
            f"Die Strukturdatei ist kein gültiges XML / not valid XML: {error}") from error
    doctype = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or doctype != "Survey":
        raise LimeSurveyError(
            "Das ist keine LimeSurvey-Umfragestruktur (.lss mit LimeSurveyDocType „Survey“) / "
            "not a LimeSurvey survey structure.")
    languages = [lang.text.strip() for lang in root.iterfind("languages/language")
                 if lang.text and lang.text.strip()]
    surveys = _table(root, "surveys")
    sid = surveys[0].get("sid", "") if surveys else ""
    base = (surveys[0].get("language") if surveys else "") or (languages or ["de"])[0]
    languages = languages or [base]

    title = {}
    for row in _table(root, "surveys_languagesettings"):
        if row.get("surveyls_title"):
            title[row.get("surveyls_language") or base] = _text(row["surveyls_title"])

    group_names = {}
    for row in _table(root, "group_l10ns") + _table(root, "groups"):
        if row.get("group_name"):
            group_names.setdefault(row["gid"], {})[row.get("language") or base] = _text(
                row["group_name"])
    groups = {}
    for row in _table(root, "groups"):
        groups[row["gid"]] = int(row.get("group_order") or 0)

    texts = {}
    for row in _table(root, "question_l10ns") + _table(root, "questions") + _table(
            root, "subquestions"):
        if "question" in row:
            texts.setdefault(row["qid"], {})[row.get("language") or base] = _text(
                row["question"])

    rows = _table(root, "questions") + _table(root, "subquestions")
    parents = {}
    children = {}
    for row in rows:
        if row.get("parent_qid", "0") in ("0", ""):
            parents.setdefault(row["qid"], row)  # older files: one row per language
        else:
            children.setdefault(row["parent_qid"], {}).setdefault(row["qid"], row)

    answer_texts = {}
    for row in _table(root, "answer_l10ns"):
        answer_texts.setdefault(row["aid"], {})[row.get("language") or base] = _text(
            row.get("answer"))
    answers = {}
    for row in _table(root, "answers"):
        key = row.get("aid") or f"{row['qid']}:{row['code']}:{row.get('scale_id', '0')}"
        label = answer_texts.get(row.get("aid", ""), {})
        if "answer" in row:
            label = {**label, row.get("language") or base: _text(row["answer"])}
        item = answers.setdefault(row["qid"], {}).setdefault(
            key, {"code": row["code"], "order": int(row.get("sortorder") or 0),
                  "scale": row.get("scale_id", "0"), "label": {}})
        item["label"].update(label)

    errors = []
    questions = []
    skipped = []
    for qid, row in parents.items():
        ls_type = row.get("type", "")
        code = row.get("title", "")
        if ls_type in SKIPPED_TYPES:
            skipped.append(code)
            continue
        if ls_type not in TYPES:
            errors.append(f"Frage {code}: LimeSurvey-Fragetyp „{ls_type}“ wird nicht "
                          f"unterstützt / question type not supported.")
            continue
        if not CODE_RE.match(code):
            errors.append(f"Frage „{code[:60]}“: der Fragecode muss aus Buchstaben, Ziffern, "
                          f"- oder _ bestehen (höchstens 50) / invalid question code.")
            continue
        kind, fixed = TYPES[ls_type]
        spec = QuestionSpec(
            qid=qid, code=code, ls_type=ls_type, kind=kind, text=texts.get(qid) or {base: code},
            group=row.get("gid", ""), order=int(row.get("question_order") or 0),
            mandatory=row.get("mandatory", "N"), other=row.get("other") == "Y",
        )
        subs = sorted(children.get(qid, {}).values(),
                      key=lambda r: (int(r.get("question_order") or 0), r.get("title", "")))
        spec.subquestions = [(r["title"], texts.get(r["qid"]) or {base: r["title"]})
                             for r in subs if r.get("scale_id", "0") in ("0", "")]
        options = sorted((a for a in answers.get(qid, {}).values() if a["scale"] in ("0", "")),
                         key=lambda a: (a["order"], a["code"]))
        if fixed is not None:
            spec.choices = [(c, {base: label}) for c, label in fixed]
        else:
            spec.choices = [(a["code"], a["label"] or {base: a["code"]}) for a in options]
        if kind == KIND.RANKING and not spec.choices:
            spec.choices, spec.subquestions = spec.subquestions, []
        if kind == KIND.MULTIPLE:
            spec.choices, spec.subquestions = spec.subquestions, []
        for choice_code, _label in [*spec.choices, *spec.subquestions]:
            if not choice_code or len(choice_code) > 50:
                errors.append(f"Frage {code}: ungültiger Antwortcode „{choice_code[:60]}“ / "
                              f"invalid answer code.")
        questions.append(spec)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise LimeSurveyError(errors)
    if not questions:
        raise LimeSurveyError("Die Struktur enthält keine Fragen / no questions found.")
    seen = set()
    for spec in questions:
        if spec.code.lower() in seen:
            errors.append(f"Fragecode {spec.code} kommt doppelt vor / duplicate question code.")
        seen.add(spec.code.lower())
    if errors:
        raise LimeSurveyError(errors)
    group_list = sorted(((gid, group_names.get(gid) or {base: gid}, order)
                         for gid, order in groups.items()), key=lambda g: (g[2], g[0]))
    known = {gid for gid, _names, _order in group_list}
    for spec in questions:  # questions of groups missing from <groups> get a page too
        if spec.group not in known:
            group_list.append((spec.group, {base: spec.group or "Fragen"}, len(group_list)))
            known.add(spec.group)
    order = {gid: index for index, (gid, _names, _order) in enumerate(group_list)}
    questions.sort(key=lambda s: (order[s.group], s.order, s.code))
    return Structure(sid=sid, title=title or {base: f"LimeSurvey {sid}"},
                     languages=languages, groups=group_list, questions=questions,
                     skipped=skipped)


# -- responses -----------------------------------------------------------------------------------
def _decode(data):
    _check_size(data, "Die Antwortdatei")
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    raise LimeSurveyError("Die Antwortdatei ist nicht UTF-8-kodiert / responses CSV is not "
                          "UTF-8 (in LimeSurvey: Export → Zeichensatz UTF-8).")


def _column_map(header, structure):
    """{column index: (spec, part)}; part: None, a subquestion/choice code, "other", a rank."""
    by_code = {spec.code: spec for spec in structure.questions}
    mapping = {}
    errors = []
    for index, name in enumerate(header):
        name = name.strip()
        if name in META_COLUMNS or name in structure.skipped:
            continue
        match = re.fullmatch(r"(?P<q>[^\[\]]+)\[(?P<part>[^\[\]]*)\]", name)
        if match and match["q"] in by_code:
            mapping[index] = (by_code[match["q"]], match["part"])
            continue
        if name in by_code:
            mapping[index] = (by_code[name], None)
            continue
        found = None
        for position in [m.start() for m in re.finditer("_", name)]:
            code, part = name[:position], name[position + 1:]
            if code in by_code:
                found = (by_code[code], part)
        if found:
            mapping[index] = found
            continue
        errors.append(f"Spalte „{name[:80]}“ gehört zu keiner Frage der Struktur / unknown "
                      f"column.")
    return mapping, errors


def _day(value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return False


@dataclass
class ParsedResponse:
    submitted_on: date | None
    started_on: date | None
    language: str
    last_page: int
    answers: list  # [(question code, dict of Answer fields with codes)]


def parse_responses(data, structure):
    """[ParsedResponse] from the bytes of a LimeSurvey response CSV; LimeSurveyError."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(1024 * 1024)
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise LimeSurveyError(f"Die Antwortdatei ist kein lesbares CSV / unreadable CSV: "
                              f"{error}") from error
    if not rows:
        raise LimeSurveyError("Die Antwortdatei ist leer / empty responses file.")
    header, body = rows[0], [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if len(body) > settings.IMPORT_MAX_RECORDS:
        raise LimeSurveyError(f"Zu viele Antworten (höchstens {settings.IMPORT_MAX_RECORDS}).")
    mapping, errors = _column_map(header, structure)
    meta = {name.strip(): index for index, name in enumerate(header)
            if name.strip() in META_COLUMNS}
    if "submitdate" not in meta:
        errors.append("Die Spalte „submitdate“ fehlt / column submitdate missing.")
    if errors:
        raise LimeSurveyError(errors[:MAX_ERRORS])
    result = []
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            errors.append(f"Zeile {number}: {len(row)} statt {len(header)} Spalten / wrong "
                          f"number of columns.")
            continue

        def cell(name, row=row):
            return row[meta[name]].strip() if name in meta else ""

        submitted = _day(cell("submitdate"))
        started = _day(cell("startdate")) or submitted
        if submitted is False or started is False:
            errors.append(f"Zeile {number}: ungültiges Datum / invalid date.")
            continue
        answers = []
        for index, (spec, part) in mapping.items():
            value = row[index].strip()
            if not value:
                continue
            problem = _answer(spec, part, value, answers)
            if problem:
                errors.append(f"Zeile {number}, Spalte „{header[index][:60]}“: {problem}")
        last_page = cell("lastpage")
        result.append(ParsedResponse(
            submitted_on=submitted or None, started_on=started or submitted or None,
            language=(cell("startlanguage") or structure.languages[0])[:10],
            last_page=int(last_page) if last_page.isdecimal() and int(last_page) < 1000 else 0,
            answers=answers,
        ))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise LimeSurveyError(errors[:MAX_ERRORS])
    return result


def _choice_code(spec, value):
    codes = {code for code, _label in spec.choices}
    if value in codes:
        return value
    labels = {label.get(next(iter(label), ""), ""): code for code, label in spec.choices}
    return labels.get(value)  # an export with full answers instead of codes


def _answer(spec, part, value, answers):
    """Append the answer for one cell to ``answers``; returns an error text or ''."""
    kind = spec.kind
    subcodes = {code for code, _label in spec.subquestions}
    if part is not None and part.endswith("comment"):
        return ""  # comments of "list with comment" questions have no place here
    if part == "other":
        if kind in (KIND.SINGLE, KIND.MULTIPLE):
            answers.append((spec.code, {"text": value[:5000]}))
            return ""
        return f"„other“ gibt es bei Fragetyp {spec.ls_type} nicht / no 'other' here."
    if kind == KIND.MULTIPLE:
        codes = {code for code, _label in spec.choices}
        if part not in codes:
            return f"unbekannte Option „{part}“ / unknown option."
        if value.upper() in ("Y", "1", "JA", "YES"):
            answers.append((spec.code, {"choice": part}))
        elif value.upper() not in ("N", "0", "NEIN", "NO"):
            return f"unbekannter Wert „{value[:40]}“ (erwartet Y) / unknown value."
        return ""
    if kind == KIND.MATRIX:
        if part not in subcodes:
            return f"unbekannte Zeile „{part}“ / unknown row."
        code = _choice_code(spec, value)
        if code is None:
            return f"unbekannter Antwortcode „{value[:40]}“ / unknown answer code."
        answers.append((spec.code, {"row": part, "choice": code}))
        return ""
    if kind == KIND.RANKING:
        if part is None:
            return "Rangfolge ohne Platznummer / ranking column without a position."
        code = _choice_code(spec, value)
        if part.isdecimal() and code is not None:
            answers.append((spec.code, {"choice": code, "rank": int(part)}))
            return ""
        if _choice_code(spec, part) is not None and value.isdecimal():  # item column, rank value
            answers.append((spec.code, {"choice": _choice_code(spec, part),
                                        "rank": int(value)}))
            return ""
        return f"unbekannter Eintrag „{value[:40]}“ / unknown ranking item."
    if part is not None:
        return f"unbekannte Teilspalte „{part[:40]}“ / unknown sub-column."
    if kind in (KIND.SINGLE, KIND.LIKERT):
        if value == "-oth-" and spec.other:
            return ""  # the text comes in the [other] column
        code = _choice_code(spec, value)
        if code is None:
            return f"unbekannter Antwortcode „{value[:40]}“ / unknown answer code."
        answers.append((spec.code, {"choice": code}))
        return ""
    if kind == KIND.NUMBER:
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            return f"keine Zahl: „{value[:40]}“ / not a number."
        if not number.is_finite() or abs(number) >= 10**10:
            return f"Zahl außerhalb des Bereichs: „{value[:40]}“ / number out of range."
        answers.append((spec.code, {"number": number.quantize(Decimal("0.01"))}))
        return ""
    answers.append((spec.code, {"text": value[:20000]}))
    return ""


# -- writing -------------------------------------------------------------------------------------
def import_limesurvey(structure_data, responses_data=None, *, slug=None, bands=()):
    """Create a Survey (and its responses) from LimeSurvey files; all or nothing.

    Returns (survey, number of responses). ``bands`` are question codes to mark as bands for
    cross-tabs (LimeSurvey has no such notion).
    """
    structure = parse_structure(structure_data)
    responses = parse_responses(responses_data, structure) if responses_data else []
    base = structure.languages[0]
    slug = slug or slugify(structure.title.get(base, ""))[:80] or f"limesurvey-{structure.sid}"
    if not re.fullmatch(r"[-a-zA-Z0-9_]{1,80}", slug) or slug in ("verwaltung", "auswertung"):
        raise LimeSurveyError(f"Ungültiger Kurzname „{slug[:80]}“ / invalid slug.")
    if Survey.objects.filter(slug=slug).exists():
        raise LimeSurveyError(f"Es gibt schon eine Umfrage mit dem Kurznamen „{slug}“ — "
                              f"bitte --slug angeben / slug already taken.")
    codes = {spec.code for spec in structure.questions}
    unknown_bands = [band for band in bands if band not in codes]
    if unknown_bands:
        raise LimeSurveyError(f"Unbekannte Merkmale / unknown band questions: "
                              f"{', '.join(unknown_bands)}")
    requirement = {"Y": Question.Requirement.REQUIRED, "S": Question.Requirement.SOFT}
    with transaction.atomic():
        survey = Survey.objects.create(slug=slug, title=structure.title,
                                       languages=structure.languages)
        version = SurveyVersion.objects.create(survey=survey, number=1)
        pages = {}
        for position, (gid, names, _order) in enumerate(structure.groups):
            pages[gid] = Page.objects.create(version=version, position=position,
                                             code=f"gruppe-{position + 1}", title=names)
        questions = {}
        choices = {}
        rows = {}
        positions = {}
        for spec in structure.questions:
            page = pages[spec.group]
            positions[page.pk] = positions.get(page.pk, -1) + 1
            question = Question.objects.create(
                page=page, position=positions[page.pk], code=spec.code, kind=spec.kind,
                text=spec.text, allow_other=spec.other,
                requirement=requirement.get(spec.mandatory, Question.Requirement.OPTIONAL),
                is_band=spec.code in bands,
            )
            questions[spec.code] = question
            for position, (code, label) in enumerate(spec.choices):
                choices[(spec.code, code)] = Choice.objects.create(
                    question=question, position=position, code=code, label=label)
            for position, (code, label) in enumerate(spec.subquestions):
                rows[(spec.code, code)] = Choice.objects.create(
                    question=question, position=position, code=code, label=label, is_row=True)
        created = Response.objects.bulk_create([
            Response(version=version, source=Response.Source.IMPORT, language=item.language,
                     started_on=item.started_on or date.today(),
                     submitted_on=item.submitted_on, current_page=item.last_page)
            for item in responses
        ])
        answers = []
        for response, item in zip(created, responses, strict=True):
            for code, values in item.answers:
                answers.append(Answer(
                    response=response, question=questions[code],
                    choice=choices.get((code, values.get("choice"))),
                    row=rows.get((code, values.get("row"))),
                    number=values.get("number"), text=values.get("text", ""),
                    rank=values.get("rank"),
                ))
        Answer.objects.bulk_create(answers, batch_size=2000)
    return survey, len(created)
