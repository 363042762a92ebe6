"""Every offering a search finds, not one page of it: for feeds and e-mail alerts.

The same filters as `engine.search` (it resolves the place and is asked first, so a feed
or a digest sees what the page sees); offerings that match only some of the words (the
soft AND's lower tiers) are left out, they are no news worth a mail.
"""

from dataclasses import replace
from datetime import date

import numpy as np

from .engine import _Query, search
from .facet_index import get_index


def matching_offering_ids(params, today=None, index=None):
    """Ids of the offerings that match every word and filter of `params`, ascending.

    Ids grow with creation, so the last ones are the newest offerings.
    """
    today = today or date.today()
    index = index or get_index()
    result = search(replace(params, page=1, page_size=1), today=today, index=index)
    query = _Query(index, result.params, today, result.origin)
    offerings = index.offerings_of_rows(query.row_mask())
    if query.partial is not None:
        offerings &= ~query.partial
    return index.offering_ids[offerings].astype(np.int64)
