"""Soft AND: when all words together find few offerings, those matching most words follow.

A query of several words (or one compound word, counted by its parts) requires every word.
When that finds fewer than FEW offerings, each query with one word left out is asked too
(at most MAX_GROUPS words, so at most that many extra questions, each cached by the index
like any match). Their offerings follow the strict matches: strict scores are lifted above
every relaxed score, so the date and title boosts (engine._relevance, at most 1.25 of the
0–1 scaled text score) never mix the two tiers — a strict score lands in [2/3, 1] after
scaling, a relaxed one at or below 1/3. Among relaxed matches the backend's own score
decides, which weighs rare words (BM25's idf, PostgreSQL's idf-weighted rank) above common
ones: "Excel Anfänger" lists the Excel courses before other beginners' courses.
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
    """(ids, scores, partial ids): the strict matches, then the partial ones below them."""
    none = np.zeros(0, dtype=np.int64)
    if ids.size >= FEW:
        return ids, scores, none
    required = groups(parsed, index.compound_vocabulary)
    if not 2 <= len(required) <= MAX_GROUPS:
        return ids, scores, none
    found_ids, found_scores = [], []
    for left_out in range(len(required)):
        rest = tuple(g for i, g in enumerate(required) if i != left_out)
        sub_ids, sub_scores = index.match(Query(rest, parsed.excluded))
        found_ids.append(sub_ids)
        found_scores.append(sub_scores)
    relaxed_ids = np.concatenate(found_ids)
    if relaxed_ids.size == 0:
        return ids, scores, none
    relaxed_scores = np.concatenate(found_scores)
    # Best score per offering over the relaxed queries, without the strict matches.
    order = np.lexsort((-relaxed_scores, relaxed_ids))
    relaxed_ids, relaxed_scores = relaxed_ids[order], relaxed_scores[order]
    first = np.r_[True, relaxed_ids[1:] != relaxed_ids[:-1]]
    relaxed_ids, relaxed_scores = relaxed_ids[first], relaxed_scores[first]
    keep = ~np.isin(relaxed_ids, ids)
    relaxed_ids, relaxed_scores = relaxed_ids[keep], relaxed_scores[keep]
    if relaxed_ids.size == 0:
        return ids, scores, none
    relaxed_scores = np.maximum(relaxed_scores, 0.0)
    ceiling = float(relaxed_scores.max()) or 1.0
    if ids.size:
        floor = float(max(scores.max(), 0.0))
        # strict: 2·ceiling + s ≥ 2·ceiling; after dividing by the top (≤ 2·ceiling + floor)
        # a relaxed score stays ≤ 1/3 when floor ≤ ceiling, and strict ≥ 2/3.
        lift = 2 * max(ceiling, floor)
        scores = np.maximum(scores, 0.0) + lift
    return (np.concatenate([ids, relaxed_ids]), np.concatenate([scores, relaxed_scores]),
            relaxed_ids)
