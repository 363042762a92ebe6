"""Fill the catalog with a generated demo catalog: `bildungsportal demo --offerings N --seed S`."""

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.catalog.demo import SOURCE, delete_demo_catalog, generate
from bildungsportal.catalog.models import LifePhase, Offering
from bildungsportal.places.models import Municipality


class Command(BaseCommand):
    help = "Generate a demo catalog (deterministic for a seed)."

    def add_arguments(self, parser):
        parser.add_argument("--offerings", type=int, default=5000, help="number of offerings")
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument(
            "--replace", action="store_true", help="delete an existing demo catalog first"
        )
        parser.add_argument(
            "--force", action="store_true",
            help="add demo offerings even though the catalog holds real (non-demo) offerings",
        )
        parser.add_argument("--batch-size", type=int, default=5000, help="offerings per insert")

    def handle(self, *args, offerings, seed, replace, force, batch_size, **options):
        if offerings < 1 or batch_size < 1:
            raise CommandError("--offerings and --batch-size must be positive.")
        if not Municipality.objects.exists() or not LifePhase.objects.exists():
            raise CommandError(
                "Reference data missing: run `bildungsportal load_reference` first."
            )
        real = Offering.objects.exclude(source=SOURCE).count()
        if real and not force:
            raise CommandError(
                f"The catalog holds {real} non-demo offerings and demo data would mix with "
                "them; use --force to add demo offerings anyway."
            )
        existing = Offering.objects.filter(source=SOURCE).count()
        if existing and not replace:
            raise CommandError(
                f"A demo catalog exists already ({existing} offerings); use --replace to "
                "replace it."
            )
        if existing:
            self.stdout.write(f"Deleted {delete_demo_catalog()} demo offerings.")

        def progress(done, total, seconds):
            self.stdout.write(f"  {done:>9,} / {total:,} offerings ({done / seconds:,.0f}/s)")

        stats = generate(offerings, seed=seed, batch_size=batch_size, progress=progress)
        self.stdout.write(
            f"Generated {stats['offerings']:,} offerings, {stats['runs']:,} runs, "
            f"{stats['providers']:,} providers and {stats['venues']:,} venues "
            f"in {stats['seconds']:.1f} s."
        )
        # generate() announced the whole catalog as replaced: search has rebuilt its index.
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
