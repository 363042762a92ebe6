"""Prize-draw tickets: who just submitted may enter the draw once, with nothing stored.

After a submit the browser gets a signed cookie (path /umfrage/<slug>/, one day) holding a
random ticket; the thank-you page offers the draw while the cookie holds a ticket that no
entry used yet. An entry stores only the ticket's SHA-256 (unique), so a ticket enters once,
and as the ticket is stored with no response, the entry stays unlinkable to the answers. No
session row is written for a submit.
"""

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse

SALT = "bildungsportal.surveys.prize-draw"
MAX_AGE = 24 * 3600


def _cookie(survey):
    return f"umfrage_los_{survey.pk}"


def _path(survey):
    return reverse("surveys:answer", kwargs={"slug": survey.slug})


def grant(http_response, survey):
    """Hand a fresh ticket to the browser with ``http_response`` (if the survey has a draw)."""
    if survey.prize_draw:
        http_response.set_signed_cookie(
            _cookie(survey), secrets.token_urlsafe(24), salt=SALT, max_age=MAX_AGE,
            path=_path(survey), secure=settings.SESSION_COOKIE_SECURE, httponly=True,
            samesite="Lax",
        )  # fmt: skip
    return http_response


def ticket(request, survey):
    """The browser's valid ticket for ``survey``, or None."""
    return request.get_signed_cookie(_cookie(survey), default=None, salt=SALT, max_age=MAX_AGE)


def ticket_hash(value):
    return hashlib.sha256(value.encode()).hexdigest()


def revoke(http_response, survey):
    http_response.delete_cookie(_cookie(survey), path=_path(survey), samesite="Lax")
    return http_response
