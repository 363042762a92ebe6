"""`bildungsportal import_limesurvey STRUCTURE.lss [--responses FILE.csv] [--slug SLUG]
[--band CODE …]`: a LimeSurvey survey and its responses as a new survey (all or nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.surveys.limesurvey import LimeSurveyError, import_limesurvey


class Command(BaseCommand):
    help = "Import a LimeSurvey survey structure (.lss) and optionally its responses (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("structure", help="LimeSurvey survey structure (.lss)")
        parser.add_argument("--responses", help="LimeSurvey response export (CSV, question "
                                                "codes as headings, answer codes)")
        parser.add_argument("--slug", help="short name of the new survey (default: from title)")
        parser.add_argument("--band", action="append", default=[],
                            help="question code to use for cross-tabs (repeatable)")

    def _read(self, name):
        try:
            return Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"Kann {name} nicht lesen / cannot read {name}: "
                               f"{error.strerror}") from error

    def handle(self, *args, structure, responses=None, slug=None, band=(), **options):
        structure_data = self._read(structure)
        responses_data = self._read(responses) if responses else None
        try:
            survey, count = import_limesurvey(structure_data, responses_data, slug=slug,
                                              bands=band)
        except LimeSurveyError as error:
            raise CommandError("Nichts importiert / nothing imported:\n"
                               + "\n".join(f"- {m}" for m in error.messages)) from error
        questions = sum(page.questions.count() for page in survey.current_version().pages.all())
        self.stdout.write(
            f"Umfrage „{survey}“ angelegt: /umfrage/{survey.slug}/ — {questions} Fragen, "
            f"{count} Antworten importiert."
        )
