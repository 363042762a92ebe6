"""The `bildungsportal` console script: every Django management command plus the project's own."""

import os
import sys

# Command names with a hyphen, which a Python module name can't have.
ALIASES = {"survey-export": "survey_export"}


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsportal.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["bildungsportal", *args])
    return 0
