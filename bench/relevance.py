"""make bench, section "relevance": nDCG@10 and success@10 of the relevance set on SQLite and
PostgreSQL, per query class (tests/test_relevance.py does the measuring; this runs it with
pytest -s in both passes and reads the table it writes to var/test-results/).

Not a timing: the numbers do not depend on the machine's load.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "test-results"
PASSES = {"sqlite": [], "postgresql": ["--postgres"]}
ROW = re.compile(r"^(\w+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)")
TARGET_NDCG, TARGET_SUCCESS = 0.90, 1.0


def read_table(text):
    """category → {queries, recall, ndcg, success} from the report's summary table."""
    table, started = {}, False
    for line in text.splitlines():
        if line.startswith("category") and "success" in line:
            started = True
            continue
        if started and (match := ROW.match(line)):
            name, queries, recall, ndcg, success = match.groups()
            table[name] = {"queries": int(queries), "recall": float(recall),
                           "ndcg": float(ndcg), "success": float(success)}
    return table


def section():
    result = {}
    for vendor, options in PASSES.items():
        print(f"relevance set on {vendor}")
        report = RESULTS / f"relevance-{vendor}.txt"
        report.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-s",
             "tests/test_relevance.py", *options],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )
        if not report.exists():
            print(done.stdout[-2000:], done.stderr[-2000:])
            result[vendor] = {"error": "no report written (see the pytest output above)"}
            continue
        table = read_table(report.read_text(encoding="utf-8"))
        result[vendor] = {"table": table, "tests_passed": done.returncode == 0}
        every = table.get("all", {})
        print(f"  nDCG@10 {every.get('ndcg', 0):.3f}, success@10 {every.get('success', 0):.3f}")
    return result


def render(r, stamp):
    lines = [
        "## Relevance (nDCG@10, success@10)",
        "",
        f"{stamp}. The relevance set (tests/relevance/: the hand-written district catalog and "
        "109 real Berlin VHS courses, each query judged by hand; docs/search.md) run through "
        "`tests/test_relevance.py` on both backends. success@10: share of queries with at "
        f"least one offering judged 2 among the first ten. Targets: nDCG@10 ≥ {TARGET_NDCG:.2f}, "
        f"success@10 = {TARGET_SUCCESS:.2f}.",
        "",
        "| class | queries | nDCG@10 SQLite | success@10 SQLite | nDCG@10 PostgreSQL "
        "| success@10 PostgreSQL |",
        "|---|---|---|---|---|---|",
    ]
    sqlite = r.get("sqlite", {}).get("table", {})
    postgres = r.get("postgresql", {}).get("table", {})
    for name in [*sqlite] or [*postgres]:
        a, b = sqlite.get(name, {}), postgres.get(name, {})
        cells = [f"{row[key]:.3f}" if key in row else "–"
                 for row in (a, b) for key in ("ndcg", "success")]
        lines.append(f"| {name} | {(a or b).get('queries', '')} | " + " | ".join(cells) + " |")
    for vendor, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        every = r.get(vendor, {}).get("table", {}).get("all")
        if every:
            ok = every["ndcg"] >= TARGET_NDCG and every["success"] >= TARGET_SUCCESS
            lines += ["", f"{label}: {'met' if ok else 'missed'} (nDCG@10 {every['ndcg']:.3f}, "
                          f"success@10 {every['success']:.3f})."]
        elif r.get(vendor, {}).get("error"):
            lines += ["", f"{label}: {r[vendor]['error']}"]
    return lines
