"""`bildungsportal setup`: bring a database up to date for serving (used by `make run`/`make dev`).

It lives in the pages app because it spans the whole site (places, catalog, search, surveys)
and core imports no app of ours.

Runs `migrate`, then `load_reference` (idempotent), then — only while the catalog holds no
offering at all — `demo --offerings N --seed S` and `demo_survey` (demo answers to the
Bildungsumfrage whose wishes differ by town, for the Bildungsmonitoring), so a fresh checkout
shows a full catalog and a monitoring with something to see, and an existing catalog is never
touched.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bildungsportal.catalog.models import Offering


class Command(BaseCommand):
    help = (
        "Migrate the database, load the reference data and, when the catalog is empty, "
        "the demo catalog."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-offerings", type=int, default=2000,
            help="offerings the demo catalog gets when the catalog is empty (default 2000)",
        )  # fmt: skip
        parser.add_argument(
            "--demo-responses", type=int, default=3000,
            help="demo survey responses created with the demo catalog (default 3000)",
        )
        parser.add_argument("--seed", type=int, default=1, help="demo data seed (default 1)")
        parser.add_argument(
            "--no-demo", action="store_true", help="never load the demo catalog"
        )

    def handle(self, *args, demo_offerings, demo_responses, seed, no_demo, **options):
        self._catalog(demo_offerings, demo_responses, seed, no_demo, options["verbosity"])
        # The downloads of /offene-daten/ exist from the first start on (afterwards a daily
        # `build_open_data` keeps them current, docs/open-data.md).
        if Offering.objects.exists():  # an empty catalog has nothing to download yet
            self.stdout.write("Open data downloads …")
            call_command("build_open_data", if_missing=True, verbosity=options["verbosity"],
                         stdout=self.stdout)

    def _catalog(self, demo_offerings, demo_responses, seed, no_demo, verbosity):
        self.stdout.write("Migrating the database …")
        call_command("migrate", interactive=False, verbosity=verbosity, stdout=self.stdout)
        self.stdout.write("Loading the reference data …")
        call_command("load_reference", verbosity=verbosity, stdout=self.stdout)
        count = Offering.objects.count()
        if no_demo:
            return
        # The demo survey at /umfrage/bildungsumfrage/ (only when missing).
        call_command("load_survey_template", verbosity=verbosity, stdout=self.stdout)
        if count:
            self.stdout.write(f"The catalog has {count:,} offerings: no demo data loaded.")
            return
        self.stdout.write(f"The catalog is empty: loading {demo_offerings:,} demo offerings.")
        call_command(
            "demo", "--offerings", str(demo_offerings), "--seed", str(seed), verbosity=verbosity,
            stdout=self.stdout,
        )
        self.stdout.write(f"Creating {demo_responses} demo survey responses.")
        call_command(
            "demo_survey", responses=demo_responses, seed=seed, verbosity=verbosity
        )
