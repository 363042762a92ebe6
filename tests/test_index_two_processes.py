"""Two app processes on one database (a SQLite file, as `make run` serves it with two
gunicorn workers): a change saved through the catalog's write path in one process is found by
the other on its very next search, patched into its in-memory index without a rebuild, with
the full-text index updated in place. test_incremental_index.py checks the patch itself
array by array; this checks that it crosses a process boundary."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKER = r"""
import json, sys
import django
django.setup()
from bildungsportal.catalog import services
from bildungsportal.catalog.models import Offering
from bildungsportal.search import facet_index
from bildungsportal.search.engine import search
from bildungsportal.search.params import SearchParams

for line in sys.stdin:
    command, _, argument = line.rstrip("\n").partition(" ")
    answer = {}
    if command == "catalog":
        from tests import factories
        factories.small_catalog()
    elif command == "rename":
        pk, title = argument.split(" ", 1)
        offering = Offering.objects.get(pk=int(pk))
        def write():
            offering.title = title
            offering.save()
            return offering
        services.save_offering(write, offering=offering)
    elif command == "search":
        hits = search(SearchParams(q=argument, page_size=100)).hits
        answer = {"titles": sorted(h.offering.title for h in hits),
                  "ids": {h.offering.title: h.offering.pk for h in hits}}
    holder = facet_index._holder
    answer.update(builds=holder.builds, patches=holder.patches)
    print(json.dumps(answer), flush=True)
"""


class Worker:
    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )

    def ask(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"worker died on {line!r}"
        return json.loads(answer)

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def two_workers(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "bildungsportal.settings",
           "BILDUNGSPORTAL_VAR": str(tmp_path)}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                   check=True)
    workers = [Worker(env), Worker(env)]
    yield workers
    for worker in workers:
        worker.stop()


def test_a_change_in_one_process_is_found_by_the_other_without_a_rebuild(two_workers):
    one, two = two_workers
    one.ask("catalog")
    before = two.ask("search englisch")
    assert before["titles"] == ["Englisch für Anfänger"]
    assert (before["builds"], before["patches"]) == (1, 0)
    assert one.ask("search englisch")["builds"] == 1

    one.ask(f"rename {before['ids']['Englisch für Anfänger']} Spanisch für Anfänger")

    after = two.ask("search spanisch")  # the other process's next request
    assert after["titles"] == ["Spanisch für Anfänger"]
    assert (after["builds"], after["patches"]) == (1, 1)  # patched, not rebuilt
    assert "Englisch für Anfänger" not in two.ask("search anfänger")["titles"]  # old title gone
    assert one.ask("search spanisch")["titles"] == ["Spanisch für Anfänger"]
