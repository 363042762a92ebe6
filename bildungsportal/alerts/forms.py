from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscription
from .searches import MAX_QUERY_LENGTH


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"), max_length=254,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _(
                "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org."
            ),
            "max_length": _("Diese E-Mail-Adresse ist zu lang."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("Wie oft möchten Sie eine E-Mail bekommen?"),
        choices=Subscription.Frequency.choices, initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Bitte wählen Sie täglich oder wöchentlich.")},
    )
    query = forms.CharField(
        required=False, max_length=MAX_QUERY_LENGTH, widget=forms.HiddenInput,
        error_messages={"max_length": _("Diese Suche ist zu lang, um sie zu abonnieren.")},
    )
    # Honeypot: hidden by CSS, so people leave it empty and form-filling scripts do not.
    website = forms.CharField(required=False, label=_("Bitte leer lassen"))

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
