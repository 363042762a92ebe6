"""Moved: the public pages are bildungsportal.pages.views; the display texts catalog.formatting.

This re-export only keeps the provider area's imports working until they read
``bildungsportal.catalog.formatting`` (backoffice/views_provider.py, office_views.py,
history.py); then this module goes.
"""

from .formatting import (  # noqa: F401
    SOURCE_LABELS,
    WEEKDAY_ABBR,
    WEEKDAY_NAMES,
    RunInfo,
    attach_run_info,
    describe_run,
    format_day,
    format_euro,
    format_km,
    price_text,
)
