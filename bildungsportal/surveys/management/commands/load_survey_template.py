from django.core.management.base import BaseCommand

from bildungsportal.surveys.template import TEMPLATE_PATH, load_template


class Command(BaseCommand):
    help = (
        "Create the template survey 'Bildungsumfrage Kreis Bergstraße' (demo survey at "
        "/umfrage/bildungsumfrage/) unless a survey with its slug exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(TEMPLATE_PATH), help="template JSON file")
        parser.add_argument("--slug", default=None, help="create it under another slug")

    def handle(self, *args, file, slug, **options):
        survey, created = load_template(file, slug=slug)
        if created:
            self.stdout.write(f"Template survey created: /umfrage/{survey.slug}/")
        else:
            self.stdout.write(f"A survey '{survey.slug}' exists already: nothing changed.")
