"""Sign-up, confirmation and unsubscribe: the double opt-in without pending rows.

A sign-up stores nothing: it mails a link whose token carries address, search, frequency and
language (tokens.py). Only following that link creates the Subscription. Unsubscribing
deletes the row. The only trace of a sign-up is a counter under a keyed hash of the address
in the cache (the per-address limit), gone after the window.
"""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from bildungsportal.catalog.models import Offering
from bildungsportal.places.models import Region
from bildungsportal.places.regions import current_region, default_region

from . import mails, tokens
from .models import Subscription


def signup_limit():
    return int(getattr(settings, "ALERTS_SIGNUP_LIMIT", 3))  # confirmation mails per address …


def signup_window():
    return int(getattr(settings, "ALERTS_SIGNUP_WINDOW", 3600))  # … in this many seconds


def max_per_address():
    return int(getattr(settings, "ALERTS_MAX_PER_ADDRESS", 10))


class LimitReached(Exception):
    """The address already follows the most searches allowed."""


def normalise(email):
    return BaseUserManager.normalize_email((email or "").strip()).lower()


def _allow_signup(email):
    """Count one confirmation mail to this address; False once over the limit."""
    digest = salted_hmac("bildungsportal.alerts.signup", email, algorithm="sha256").hexdigest()
    key = f"alerts-signup:{digest[:40]}"
    cache.add(key, 0, signup_window())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, signup_window())
        count = 1
    return count <= signup_limit()


def request_subscription(email, query, frequency, language, absolute):
    """Mail the confirmation link; False (nothing sent) when the address is over the limit.

    `absolute(path)` makes a full URL (request.build_absolute_uri).
    """
    email = normalise(email)
    if not _allow_signup(email):
        return False
    token = tokens.make(email, query, frequency, language, current_region().key)
    with translation.override(language):
        confirm_url = absolute(reverse("alerts:confirm", kwargs={"token": token}))
    mails.send_confirmation(email, query, frequency, language, confirm_url)
    return True


def confirm(data):
    """Create (or update) the subscription the token describes; returns (subscription, new).

    Raises LimitReached when the address already follows `max_per_address()` other searches.
    """
    email, query = normalise(data["e"]), data["q"]
    # Tokens made before regions existed name none: the default region.
    region = Region.objects.filter(key=data.get("r") or "").first() or default_region()
    frequency = data["f"] if data["f"] in Subscription.Frequency.values else "weekly"
    language = data["l"] if data["l"] in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with transaction.atomic():
        existing = Subscription.objects.filter(email=email, query=query, region=region).first()
        if existing is not None:
            existing.frequency, existing.language = frequency, language
            existing.save(update_fields=["frequency", "language"])
            return existing, False
        if Subscription.objects.filter(email=email).count() >= max_per_address():
            raise LimitReached
        # Offerings that exist now are not news: the watermark starts at the newest id.
        newest = Offering.objects.aggregate(newest=Max("id"))["newest"] or 0
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email, query=query, frequency=frequency, language=language,
                    region=region, last_seen_offering=newest, checked_at=timezone.now(),
                )
        except IntegrityError:  # the same link followed twice at once
            return Subscription.objects.get(email=email, query=query, region=region), False
    return subscription, True


def unsubscribe(token):
    """Delete the subscription with this token; False when there is none (any more)."""
    deleted, _ = Subscription.objects.filter(token=token).delete()
    return bool(deleted)
