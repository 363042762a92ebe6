"""Soft AND: when all words together find few offerings, those matching most words follow.

A query of several words (or one compound word, counted by its parts) requires every word.
When that finds fewer than FEW offerings, each query with one word left out is asked too
(at most MAX_GROUPS words, so at most that many extra questions, each cached by the index
like any match). Their offerings follow the strict matches, in tiers (soften), and are
marked partial in the result (Hit.partial, SearchResult.partial_count).
"""

import numpy as np

from . import analyzer
from .query import AnyOf, Phrase, Query

FEW = 10
MAX_GROUPS = 4


def groups(parsed, vocab):
    """The required groups a soft AND may leave out: the query's own, or a lone compound's
    parts ("Webseitenerstellung" → webseiten, erstellung)."""
    if len(parsed.required) >= 2:
        return list(parsed.required)
    if len(parsed.required) == 1 and len(parsed.required[0].options) == 1:
        words = parsed.required[0].options[0].words
        if len(words) == 1:
            parts = analyzer.split(words[0], vocab)
            if len(parts) == 2:
                return [AnyOf((Phrase((part,)),)) for part in parts]
    return []


def soften(index, parsed, ids, scores):
    """(ids, scores, tiers): the strict matches (tier 0), then the partial ones.

    Partial matches are tiered by how specific the words they kept are: the query without
    one word that finds fewest offerings comes first ("Excel Anfänger": the Excel courses,
    tier 1, before every beginners' course, tier 2). engine._order sorts by tier before
    relevance, so no boost ever lifts a partial match above a strict one.
    """
    if ids.size >= FEW:
        return ids, scores, None
    required = groups(parsed, index.compound_vocabulary)
    if not 2 <= len(required) <= MAX_GROUPS:
        return ids, scores, None
    subsets = []
    for left_out in range(len(required)):
        rest = tuple(g for i, g in enumerate(required) if i != left_out)
        subsets.append(index.match(Query(rest, parsed.excluded)))
    subsets.sort(key=lambda found: found[0].size)
    all_ids, all_scores, all_tiers = [ids], [scores], [np.zeros(ids.size, dtype=np.int8)]
    for tier, (sub_ids, sub_scores) in enumerate(subsets, start=1):
        all_ids.append(sub_ids)
        all_scores.append(sub_scores)
        all_tiers.append(np.full(sub_ids.size, tier, dtype=np.int8))
    merged_ids = np.concatenate(all_ids)
    merged_scores = np.concatenate(all_scores)
    merged_tiers = np.concatenate(all_tiers)
    # Each offering once, in its best (lowest) tier.
    order = np.lexsort((-merged_scores, merged_tiers, merged_ids))
    merged_ids, merged_scores, merged_tiers = (
        merged_ids[order], merged_scores[order], merged_tiers[order]
    )
    first = np.r_[True, merged_ids[1:] != merged_ids[:-1]] if merged_ids.size else np.zeros(
        0, dtype=bool
    )
    return merged_ids[first], merged_scores[first], merged_tiers[first]
