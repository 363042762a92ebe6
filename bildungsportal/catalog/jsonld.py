"""schema.org Course markup for an offering page (JSON-LD).

Search engines and other portals read it; the same shape is what `import --format jsonld`
understands, so one portal's export is another's import.
"""

import json

from django.utils.safestring import mark_safe

from .models import Run

SCHEMA_DAYS = (
    "https://schema.org/Monday", "https://schema.org/Tuesday", "https://schema.org/Wednesday",
    "https://schema.org/Thursday", "https://schema.org/Friday", "https://schema.org/Saturday",
    "https://schema.org/Sunday",
)
AVAILABILITY = {
    Run.BookingStatus.OPEN: "https://schema.org/InStock",
    Run.BookingStatus.FEW: "https://schema.org/LimitedAvailability",
    Run.BookingStatus.FULL: "https://schema.org/SoldOut",
    Run.BookingStatus.WAITLIST: "https://schema.org/SoldOut",
    Run.BookingStatus.CANCELLED: "https://schema.org/Discontinued",
    Run.BookingStatus.NO_BOOKING: "https://schema.org/InStock",
}


def _price(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def _offer(price_cents, is_free, url, availability=None):
    offer = {"@type": "Offer", "priceCurrency": "EUR", "url": url, "category": "Paid"}
    if is_free or price_cents == 0:
        offer.update(price="0.00", category="Free")
    elif price_cents is not None:
        offer["price"] = _price(price_cents)
    else:
        return None
    if availability:
        offer["availability"] = availability
    return offer


def _datetime(day, clock):
    if day is None:
        return None
    if clock is None:
        return day.isoformat()
    return f"{day.isoformat()}T{clock.strftime('%H:%M')}"


def _place(venue):
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.street,
        "postalCode": venue.postcode,
        "addressLocality": venue.town_name,
        "addressCountry": "DE",
    }
    place = {
        "@type": "Place",
        "name": venue.name,
        "address": {k: v for k, v in address.items() if v},
    }
    latitude, longitude = venue.coordinates
    if latitude is not None and longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
    return place


def course_instance(run, offering, url):
    instance = {"@type": "CourseInstance"}
    if run.is_online and run.venue_id:
        instance["courseMode"] = "blended"
    else:
        instance["courseMode"] = "online" if run.is_online else "onsite"
    start = _datetime(run.start_date, run.start_time)
    if start:
        instance["startDate"] = start
    end_day = run.end_date or run.start_date
    end = _datetime(end_day, run.end_time if run.end_time else None)
    if end:
        instance["endDate"] = end
    if run.start_date and (run.recurrence == Run.Recurrence.WEEKLY or run.weekdays):
        schedule = {
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "byDay": [SCHEMA_DAYS[d] for d in run.weekday_numbers],
            "startDate": run.start_date.isoformat(),
            "scheduleTimezone": "Europe/Berlin",
        }
        if run.end_date:
            schedule["endDate"] = run.end_date.isoformat()
        if run.start_time:
            schedule["startTime"] = run.start_time.strftime("%H:%M")
        if run.end_time:
            schedule["endTime"] = run.end_time.strftime("%H:%M")
        if run.sessions:
            schedule["repeatCount"] = run.sessions
        instance["courseSchedule"] = schedule
    if run.hours:
        instance["courseWorkload"] = f"PT{int(run.hours * 45)}M"  # teaching hours of 45 min
    if run.venue_id:
        instance["location"] = _place(run.venue)
    elif run.is_online:
        instance["location"] = {"@type": "VirtualLocation", "url": offering.registration_url or url}
    if run.seats:
        instance["maximumAttendeeCapacity"] = run.seats
    if run.booking_status == Run.BookingStatus.CANCELLED:
        instance["eventStatus"] = "https://schema.org/EventCancelled"
    offer = _offer(
        run.effective_price_cents, offering.is_free, url, AVAILABILITY.get(run.booking_status)
    )
    if offer:
        instance["offers"] = offer
    return instance


def course_data(offering, runs, url, provider_url=""):
    """The Course as a dict (runs: the offering's runs with venues and towns loaded)."""
    provider = offering.provider
    organization = {"@type": "Organization", "name": provider.name}
    if provider_url:
        organization["url"] = provider_url
    if provider.website:
        organization["sameAs"] = provider.website
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": offering.title,
        "description": offering.summary or offering.description[:1000] or offering.title,
        "provider": organization,
        "inLanguage": [language.slug for language in offering.languages.all()],
        "about": [topic.name for topic in offering.topics.all()],
        "audience": [
            {"@type": "Audience", "audienceType": group.name}
            for group in offering.target_groups.all()
        ],
        "isAccessibleForFree": bool(offering.is_free),
        "dateModified": offering.updated_at.isoformat(),
        "hasCourseInstance": [course_instance(run, offering, url) for run in runs],
    }
    if offering.entry_requirements:
        data["coursePrerequisites"] = offering.entry_requirements
    if offering.certificate:
        data["educationalCredentialAwarded"] = offering.certificate
    if offering.dqr_level_id:
        data["educationalLevel"] = f"DQR {offering.dqr_level_id}"
    offer = _offer(offering.price_cents, offering.is_free, url)
    if offer:
        data["offers"] = [offer]
    return {key: value for key, value in data.items() if value not in ([], "", None)}


def dumps_for_script(data):
    """JSON that is safe inside a <script> element: no "</script>", no HTML comments."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above


def course_jsonld(offering, runs, url, provider_url=""):
    return dumps_for_script(course_data(offering, runs, url, provider_url))
