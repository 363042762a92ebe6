"""Every string of the public pages is translated, in every language, and the catalogs are current.

The public apps are the ones whose strings residents see: core (layout, error and static pages),
pages (every public page), search (filters, messages) and catalog (formats of prices and dates,
provider kinds, booking states, vocabulary names). A catalog fails when an entry is empty or
fuzzy, when a string of the sources is missing from it (makemessages not run), or when its .mo
does not say what the .po says (compilemessages not run).
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

import bildungsportal

APPS = ("core", "pages", "search", "catalog", "surveys", "insights", "easyread", "alerts",
        "watchlist", "finder", "opendata", "regionsite")
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
ROOT = Path(bildungsportal.__file__).parent
FIELD = r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$'
PLURALS = {"en": 2, "tr": 2, "ar": 6, "uk": 4, "ru": 4}


def unquote(lines):
    text = "".join(lines)
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def entries(path):
    """The entries of a .po file: (flags, msgid, msgid_plural, [msgstr …]); the header skipped.

    A msgid with a context (msgctxt) comes as "context\x04msgid", as gettext stores it.
    """
    found = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        flags, fields, current = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(FIELD, line):
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"'):
                fields[current].append(line[1:-1])
        msgid = unquote(fields["msgid"])
        if not msgid:
            continue
        if "msgctxt" in fields:
            msgid = f"{unquote(fields['msgctxt'])}\x04{msgid}"
        strings = [unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        found.append((flags, msgid, unquote(fields.get("msgid_plural", [])) or None, strings))
    return found


def catalog(app, language):
    return ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_every_entry_is_translated_and_not_fuzzy(app, language):
    path = catalog(app, language)
    assert path.exists(), f"{path} missing: run makemessages -l {language} in {app}/"
    found = entries(path)
    assert found
    untranslated = [msgid for _f, msgid, _p, strings in found if not all(strings)]
    fuzzy = [msgid for flags, msgid, _p, _s in found if "fuzzy" in flags]
    assert not untranslated, f"{path}: untranslated {untranslated}"
    assert not fuzzy, f"{path}: fuzzy {fuzzy}"
    for _flags, msgid, plural, strings in found:
        if plural:
            assert len(strings) == PLURALS[language], (path, msgid)
    header = path.read_text(encoding="utf-8")
    assert f'"Language: {language}\\n"' in header
    assert f"nplurals={PLURALS[language]};" in header


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_placeholders_survive_translation(app, language):
    """msgfmt --check: every python-format placeholder of the msgid is a valid one."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(catalog(app, language))],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_compiled_catalog_matches_the_po_file(app, language):
    path = catalog(app, language)
    with path.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for _flags, msgid, plural, strings in entries(path):
        if plural:
            assert compiled.ngettext(msgid, plural, 1) == strings[compiled.plural(1)], msgid
        else:
            assert compiled.gettext(msgid) == strings[0], f"{path.with_suffix('.mo')}: {msgid!r}"


@pytest.mark.parametrize("app", APPS)
def test_catalogs_hold_every_string_of_the_sources(app, tmp_path, monkeypatch):
    """makemessages on a copy of the app finds no string the committed catalog lacks."""
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    made = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    fresh = {(msgid, plural) for _f, msgid, plural, _s in entries(made)}
    committed = {(msgid, plural) for _f, msgid, plural, _s in entries(catalog(app, "en"))}
    assert fresh - committed == set(), f"{app}: run makemessages (docs/languages.md)"
    assert committed - fresh == set(), f"{app}: obsolete entries, run makemessages --no-obsolete"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_msgid_reads_the_same_in_every_catalog(language):
    """Django merges the catalogs into one per language: of two apps that translate the same
    msgid differently, only one is shown (LOCALE_PATHS order), on the other app's pages too.
    A word with two meanings needs a context (pgettext), not a second translation."""
    seen = {}
    clashes = []
    for app in APPS:
        path = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"
        for _flags, msgid, _plural, strings in entries(path):
            other = seen.setdefault(msgid, (app, strings))
            if other[1] != strings:
                clashes.append(f"{msgid!r}: {other[0]} {other[1]} ≠ {app} {strings}")
    assert not clashes, "\n".join(clashes)
