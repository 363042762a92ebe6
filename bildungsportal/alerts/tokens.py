"""The confirmation link's token: the whole request, signed and timestamped, nothing stored.

django.core.signing (HMAC with SECRET_KEY) makes it tamper-proof; `max_age` makes it expire.
"""

from django.conf import settings
from django.core import signing

SALT = "bildungsportal.alerts.confirm"


def max_age_seconds():
    return int(getattr(settings, "ALERTS_CONFIRM_HOURS", 48)) * 3600


def make(email, query, frequency, language, region=""):
    """`region`: the Kreisschlüssel of the site the search was made on (its host)."""
    return signing.dumps(
        {"e": email, "q": query, "f": frequency, "l": language, "r": region}, salt=SALT,
        compress=True,
    )


def read(token):
    """The request in the token; raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    if not isinstance(data, dict) or not {"e", "q", "f", "l"} <= data.keys():
        raise signing.BadSignature("incomplete token")
    return data
