"""The two mails: the confirmation link and the digest. Plain text and HTML, in the
subscriber's language, through Django's e-mail backend."""

import email.policy

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from bildungsportal.places.regions import current_region

from . import searches


class Mail(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        # RFC 8058 wants `List-Unsubscribe: <URL>` as it is. Folding at 78 characters would
        # turn a long URL into RFC 2047 encoded words, which mail programs don't read there;
        # RFC 5322 allows lines up to 998 characters.
        return super().message(policy=policy.clone(max_line_length=998))


def _message(subject, template, context, to, headers=None):
    text = render_to_string(f"alerts/mail/{template}.txt", context)
    html = render_to_string(f"alerts/mail/{template}.html", context)
    message = Mail(
        subject=" ".join(subject.split()), body=text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to], headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_confirmation(email, query, frequency, language, confirm_url):
    with translation.override(language):
        params = searches.parse_query(query)
        name = searches.name(params)
        context = {
            "search_name": name, "confirm_url": confirm_url,
            "frequency": frequency, "site_name": current_region().site_title,
            "hours": int(getattr(settings, "ALERTS_CONFIRM_HOURS", 48)),
            "language": language,
        }
        subject = _("Bitte bestätigen Sie Ihr Suchabo: %(search)s") % {"search": name}
        _message(subject, "confirm", context, email).send()


def digest(subscription, offerings, more, absolute):
    """The digest mail of `offerings` (newest first; `more` further ones not listed).

    `absolute(path)` makes a full URL. The unsubscribe link is in the text and, for one-click
    unsubscribing in mail programs, in the RFC 8058 headers.
    """
    with translation.override(subscription.language):
        params = searches.parse_query(subscription.query)
        name = searches.name(params)
        unsubscribe_url = absolute(
            reverse("alerts:unsubscribe", kwargs={"token": subscription.token})
        )
        context = {
            "search_name": name,
            "search_url": absolute(searches.search_url(params)),
            "offerings": [
                (offering, absolute(offering.get_absolute_url())) for offering in offerings
            ],
            "more": more,
            "unsubscribe_url": unsubscribe_url,
            "frequency": subscription.frequency,
            "site_name": subscription.region.site_title,
            "language": subscription.language,
        }
        subject = _("Neue Angebote: %(search)s") % {"search": name}
        return _message(subject, "digest", context, subscription.email, headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        })
