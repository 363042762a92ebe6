"""The survey's rate limit: SURVEY_RATE_LIMIT (default 60) submissions per SURVEY_RATE_WINDOW
seconds (default 600) per network prefix; SURVEY_RATE_LIMIT_FORWARDED = True takes the client
address from the last X-Forwarded-For entry (only behind a reverse proxy that sets it).
How it counts and what it keeps: core/ratelimit.py.
"""

from bildungsportal.core.ratelimit import RateLimit

_limit = RateLimit("SURVEY", limit=60, window=600)


def client_prefix(request):
    return _limit.client_prefix(request)


def hit(request, now=None):
    """Count one request; False when the prefix is over the limit (then nothing is counted)."""
    return _limit.hit(request, now).allowed


def reset():
    """Forget every count (tests)."""
    _limit.reset()
