"""Benchmark of the monitoring PAGES (HTML as served) and the Bildungsbericht PDF.

Uses the database bench/insights.py builds (BENCH_INSIGHTS_SIZE offerings, default 100,000, and
BENCH_INSIGHTS_RESPONSES survey responses, default 20,000; run that first). Every request is
made once per distinct URL in a fresh process, so nothing is cached between them:

- overview: /bildungsmonitoring/?indikator=… for every indicator the page switches to
- town:     /bildungsmonitoring/orte/<slug>/ for each of the 22 towns
- public:   /bildung-in-zahlen/ (three times; it has no parameters)
- pdf:      the district's and three towns' Bildungsbericht as PDF (data + WeasyPrint)

Budgets (docs/monitoring-pages.md): overview and town page p95 ≤ 300 ms; PDF ≤ 5 s.
Run: `python bench/insights_pages.py` from the repository root.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = int(os.environ.get("BENCH_INSIGHTS_SIZE", "100000"))
RESPONSES = int(os.environ.get("BENCH_INSIGHTS_RESPONSES", "20000"))
DB = Path(os.environ.get("BENCH_INSIGHTS_DB", ROOT / "var" / "bench"
                         / f"insights-{SIZE}-{RESPONSES}.sqlite3"))

MEASURE = """
import json, os, time
os.environ["DJANGO_SETTINGS_MODULE"] = "bildungsportal.settings"
import django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from bildungsportal.insights import report, views
from bildungsportal.places.models import Municipality

user, _ = User.objects.get_or_create(username="bench-buero", defaults={"is_superuser": True})
client = Client()
client.force_login(user)

def timed(url):
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - started) * 1000

out = {"overview": [], "town": [], "public": [], "pdf": []}
for key in views.SWITCHED_INDICATORS:
    out["overview"].append(timed(f"/bildungsmonitoring/?indikator={key}"))
for slug in Municipality.objects.in_district().values_list("slug", flat=True):
    out["town"].append(timed(f"/bildungsmonitoring/orte/{slug}/"))
for _ in range(3):
    out["public"].append(timed("/bildung-in-zahlen/"))
for slug in (None, "lindenfels", "bensheim", "hirschhorn"):
    started = time.perf_counter()
    report.render_pdf(report.report_data(slug))
    out["pdf"].append((time.perf_counter() - started) * 1000)
print(json.dumps(out))
"""


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    if not DB.exists():
        sys.exit(f"{DB} fehlt: erst `python bench/insights.py` laufen lassen.")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{DB}", "HTTPS": "0", "TESTING": "1"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, env=env,
                   cwd=ROOT)
    result = subprocess.run([sys.executable, "-c", MEASURE], check=True, env=env, cwd=ROOT,
                            capture_output=True, text=True)
    timings = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"monitoring pages, {SIZE:,} offerings, {RESPONSES:,} responses (SQLite, ms):")
    for name, values in timings.items():
        print(f"  {name:9} n={len(values):2}  median {sorted(values)[len(values) // 2]:7.0f}"
              f"  p95 {p95(values):7.0f}  max {max(values):7.0f}")


if __name__ == "__main__":
    main()
