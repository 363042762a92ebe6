"""The house keeps the shape drawn in docs/architecture.md: imports between apps run one way.

Every import of a ``bildungsportal.<app>`` module inside another app counts, also those hidden
inside functions and relative ones (``from ..catalog import …``). Migrations are left out:
they name other apps in their dependencies, not in imports.
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bildungsportal"

# Lower numbers are further down. An app may import apps on lower levels only …
LEVELS = {
    "core": 0,
    "places": 1,
    "catalog": 2,
    "accounts": 2,
    "search": 3,
    "ingest": 3,
    "pages": 4,
    "surveys": 4,
    "backoffice": 4,
    "insights": 5,
    "easyread": 5,
    "alerts": 5,
    "watchlist": 5,
    "finder": 5,
    "opendata": 5,
    "regionsite": 5,
    # the wiring: settings, urls, api, cli, wsgi, asgi (modules directly in the package)
    "": 6,
}
# … plus these edges on one level ("accounts beside catalog, for roles"; the monitoring reads
# the survey's demand records) …
ALSO_ALLOWED = {("accounts", "catalog")}
# … minus these, which the design rules out although the levels would allow them: surveys
# never read search, and the importer takes its publishing policy from the caller.
FORBIDDEN = {("surveys", "search"), ("ingest", "accounts")}


def app_of(path):
    """The app a file belongs to ("" for the wiring modules directly in the package)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ""


def imported_apps(path):
    """(line, app) for every import of another bildungsportal app in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module_parts = ["bildungsportal", *path.relative_to(PACKAGE).with_suffix("").parts]
    if module_parts[-1] == "__init__":
        module_parts.pop()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module_parts[: len(module_parts) - node.level + (
                    1 if path.name == "__init__.py" else 0)]
                target = ".".join([*base, node.module] if node.module else base)
                names = [target] + [f"{target}.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""] + [
                    f"{node.module}.{alias.name}" for alias in node.names
                ]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "bildungsportal" and len(parts) > 1:
                target_path = PACKAGE / parts[1]
                if target_path.is_dir():
                    found.append((node.lineno, parts[1]))
                    break
    return found


def import_edges():
    """{(app, imported app): [file:line, …]} over every Python file outside migrations."""
    edges = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = app_of(path)
        for line, target in imported_apps(path):
            if target != source:
                edges[(source, target)].append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return edges


def allowed(source, target):
    if (source, target) in FORBIDDEN:
        return False
    if (source, target) in ALSO_ALLOWED:
        return True
    return LEVELS[source] > LEVELS[target]


def test_every_app_has_a_level():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert apps <= set(LEVELS), f"apps without a level in this test: {apps - set(LEVELS)}"


def test_imports_run_one_way():
    wrong = {
        f"{source or 'wiring'} → {target}": places[:3]
        for (source, target), places in import_edges().items()
        if not allowed(source, target)
    }
    assert not wrong, f"imports against the direction in docs/architecture.md: {wrong}"


def test_no_loops_between_apps():
    graph = defaultdict(set)
    for source, target in import_edges():
        graph[source].add(target)
    for start in list(graph):
        seen, stack = set(), [(start, [start])]
        while stack:
            app, path = stack.pop()
            for nxt in graph[app]:
                assert nxt != start, f"import loop: {' → '.join([*path, nxt])}"
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))


@pytest.mark.parametrize(("source", "target"), [
    ("core", "catalog"), ("catalog", "search"), ("search", "pages"), ("surveys", "search"),
    ("catalog", "accounts"), ("places", "catalog"), ("ingest", "backoffice"),
    ("pages", "insights"), ("ingest", "accounts"),
])
def test_the_rule_rejects_what_the_design_rules_out(source, target):
    assert not allowed(source, target)


def test_the_scanner_sees_hidden_and_relative_imports(tmp_path, monkeypatch):
    app = tmp_path / "bildungsportal" / "catalog"
    (tmp_path / "bildungsportal" / "search").mkdir(parents=True)
    app.mkdir(parents=True)
    module = app / "things.py"
    module.write_text(
        "def f():\n    from bildungsportal.search.engine import search\n"
        "from ..search import params\n"
        "import os\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "bildungsportal")
    assert [app for _line, app in imported_apps(module)] == ["search", "search"]
