"""The one-line wish on the zero-result page: what a resident looked for and did not find.

Lands in the demand log (search.demand.record_wish) as folded words: no name, no address,
no IP address. A small per-network rate limit (in the cache, keyed by a hash of the network
prefix, forgotten after the window) keeps scripts from filling the log.
"""

import hashlib
import ipaddress

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from bildungsportal.search.demand import looks_personal

WISH_MAX_LENGTH = 200
WISH_RATE_LIMIT = getattr(settings, "WISH_RATE_LIMIT", 10)  # wishes per network …
WISH_RATE_WINDOW = getattr(settings, "WISH_RATE_WINDOW", 3600)  # … in this many seconds


class WishForm(forms.Form):
    wish = forms.CharField(
        label=_("Was haben Sie gesucht?"), max_length=WISH_MAX_LENGTH, strip=True,
        help_text=_("Ein paar Stichworte, z. B. „Töpferkurs am Wochenende in Lorsch“. "
                    "Bitte keine Namen, E-Mail-Adressen oder Telefonnummern."),
        error_messages={
            "required": _("Bitte schreiben Sie in ein paar Worten, was Sie gesucht haben."),
            "max_length": _("Bitte höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."),
        },
    )
    search = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_wish(self):
        text = " ".join(self.cleaned_data["wish"].split())
        if looks_personal(text):
            raise forms.ValidationError(_(
                "Das sieht nach einer E-Mail-Adresse oder Telefonnummer aus. Bitte schreiben "
                "Sie nur, was Sie gesucht haben – wir speichern keine persönlichen Daten."
            ))
        return text


def _network(request):
    try:
        ip = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return "unknown"
    bits = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def allow(request):
    """Count one wish from the sender's network; False once it is over the limit."""
    digest = hashlib.sha256(_network(request).encode()).hexdigest()[:32]
    key = f"wish-rate:{digest}"
    cache.add(key, 0, WISH_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WISH_RATE_WINDOW)
        count = 1
    return count <= WISH_RATE_LIMIT
