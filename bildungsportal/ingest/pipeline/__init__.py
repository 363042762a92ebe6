"""One import pipeline for every format: parse → validate → map → upsert.

The steps are modules of this package: parse.py (size limit, the format's parser),
validate.py, vocabularies.py (categories → our vocabularies), venues.py (venues and
providers), upsert.py (plans for the catalog's write path, catalog/services.py), run.py
(``run_import`` and its ``ImportOptions``). Formats import only ingest/text.py and
ingest/records.py, never the pipeline.

``run_import`` checks the size, lets the format parse the bytes, validates every record before
anything is written, maps source categories to our vocabularies (ingest/mapping.py), resolves
venues offline from postcodes, and writes all records in one transaction — or none —
through ``catalog.services.save_offerings``, which announces the change once (search indexes
it; uploads get history entries). With
``valid_only`` only the records without problems are written. Offerings are keyed by
(source, external_id): a re-import updates what changed and leaves the rest untouched;
``full_feed`` archives the offerings of that source and provider that vanished from the feed.

``source``: formats whose ids are global (VHS guids, BA ids) set ``global_ids = True`` and write
their own ``source`` ("vhs", "ba"); every other format's ids are only unique per provider, so the
source is "<format source>:<provider id>" (e.g. "csv:12") and two providers' ids never collide.
"""

from ..text import plain_text
from .report import ImportFailed, ImportReport
from .run import ImportOptions, run_import

__all__ = ["ImportFailed", "ImportOptions", "ImportReport", "plain_text", "run_import"]
