"""bildungsportal demo_survey --responses 3000 --seed 1"""

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.insights.demo import demo_survey


class Command(BaseCommand):
    help = ("Demo-Antworten für die Vorlage-Umfrage erzeugen (ersetzt nur frühere "
            "Demo-Antworten).")

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if not 0 <= options["responses"] <= 200_000:
            raise CommandError("--responses must be between 0 and 200000.")
        survey, made = demo_survey(options["responses"], options["seed"])
        self.stdout.write(f"Created {made} demo responses to the survey '{survey.slug}'.")
