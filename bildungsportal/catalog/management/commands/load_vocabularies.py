"""Upsert the catalog vocabularies from catalog/reference/vocabularies.json."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from bildungsportal.catalog import vocabularies
from bildungsportal.catalog.models import DqrLevel, Language, LifePhase, TargetGroup, Topic

VOCABULARIES = Path(__file__).resolve().parents[2] / "reference" / "vocabularies.json"


def upsert(model, terms, **extra):
    for position, term in enumerate(terms):
        defaults = {key: value for key, value in term.items() if key not in ("slug", "children")}
        model.objects.update_or_create(
            slug=term["slug"], defaults={"position": position, **defaults, **extra}
        )


@transaction.atomic
def load_vocabularies(path=VOCABULARIES):
    """Create or update every term; terms added in the admin stay untouched."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    # Every vocabulary under its plural code name; topics are a tree, loaded level by level.
    for kind in vocabularies.ALL_VOCABULARIES:
        if kind.key != "topic":
            upsert(kind.model, data[kind.plural])
    upsert(Topic, data["topics"], parent=None)
    for term in data["topics"]:
        upsert(Topic, term.get("children", []), parent=Topic.objects.get(slug=term["slug"]))
    for term in data["dqr_levels"]:
        DqrLevel.objects.update_or_create(
            level=term["level"],
            defaults={"name": term["name"], "description": term["description"]},
        )


class Command(BaseCommand):
    help = "Load the catalog vocabularies (life phases, topics, …, DQR levels); idempotent."

    def handle(self, *args, **options):
        load_vocabularies()
        self.stdout.write(
            f"Loaded {LifePhase.objects.count()} life phases, {Topic.objects.count()} topics, "
            f"{TargetGroup.objects.count()} target groups, {Language.objects.count()} languages, "
            f"{DqrLevel.objects.count()} DQR levels."
        )
