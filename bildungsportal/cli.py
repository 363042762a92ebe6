"""The `bildungsportal` console script: every Django management command plus the project's own."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsportal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["bildungsportal", *(sys.argv[1:] if argv is None else argv)])
    return 0
