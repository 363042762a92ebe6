"""Forms: log-in with lockout, invitations, accepting an invitation."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bildungsportal.catalog.models import Provider
from bildungsportal.catalog.regions import providers_at_home_in
from bildungsportal.places.regions import current_region

from . import rules, throttle
from .models import Invitation


def _locked_error(minutes):
    return ValidationError(
        ngettext(
            "Dieses Konto ist nach zu vielen fehlgeschlagenen Anmeldeversuchen vorübergehend "
            "gesperrt. Bitte versuchen Sie es in einer Minute erneut oder setzen Sie Ihr "
            "Passwort zurück.",
            "Dieses Konto ist nach zu vielen fehlgeschlagenen Anmeldeversuchen vorübergehend "
            "gesperrt. Bitte versuchen Sie es in %(minutes)d Minuten erneut oder setzen Sie "
            "Ihr Passwort zurück.",
            minutes,
        ),
        code="locked",
        params={"minutes": minutes},
    )


class LockoutMixin:
    """Refuses log-ins for a locked account name and counts failed ones (see throttle.py)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        minutes = throttle.locked_minutes(username)
        if minutes:
            raise _locked_error(minutes)
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if username and self.cleaned_data.get("password") and throttle.record_failure(
                username
            ):
                raise _locked_error(settings.LOGIN_LOCKOUT_MINUTES) from error
            raise
        throttle.reset(username)
        return cleaned


class LoginForm(LockoutMixin, AuthenticationForm):
    """The log-in form of /konto/anmelden/."""


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    """The admin's log-in form, so that /admin/login/ is no way around the lockout."""


class InvitationForm(forms.Form):
    """Invite someone: the office chooses role and provider, provider staff their own provider."""

    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    role = forms.ChoiceField(
        label=_("Rolle"), choices=Invitation.Role.choices, widget=forms.RadioSelect,
        initial=Invitation.Role.PROVIDER_STAFF,
    )
    provider = forms.ModelChoiceField(
        label=_("Anbieter"), queryset=Provider.objects.none(), required=False,
        empty_label=_("– bitte wählen –"),
        help_text=_("Für wen die eingeladene Person Angebote pflegen wird."),
        error_messages={
            "invalid_choice": _("Für diesen Anbieter können Sie niemanden einladen."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        providers = Provider.objects.order_by("name", "pk")
        if rules.is_office(user):
            # The office invites staff of the providers at home in its (the host's) region.
            if not user.is_superuser:
                providers = providers.filter(pk__in=providers_at_home_in(current_region()))
            self.fields["provider"].queryset = providers
            self.fields["provider"].help_text = _(
                "Nur bei der Rolle „Anbieter“: für wen die Person Angebote pflegen wird."
            )
        else:
            # Provider staff invite colleagues to their own provider(s) only.
            del self.fields["role"]
            self.fields["provider"].queryset = providers.filter(pk__in=rules.provider_ids(user))
            self.fields["provider"].required = True
            self.fields["provider"].error_messages["required"] = _(
                "Bitte wählen Sie den Anbieter."
            )
            if len(rules.provider_ids(user)) == 1:
                self.fields["provider"].initial = next(iter(rules.provider_ids(user)))

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role", Invitation.Role.PROVIDER_STAFF)
        cleaned["role"] = role
        provider = cleaned.get("provider")
        if role == Invitation.Role.OFFICE:
            cleaned["provider"] = provider = None
        elif provider is None and "provider" not in self.errors:
            self.add_error("provider", _("Bitte wählen Sie den Anbieter."))
            return cleaned
        if role == Invitation.Role.OFFICE and not rules.is_office(self.user):
            raise ValidationError(_("Nur das Bildungsbüro lädt in das Bildungsbüro ein."))
        if provider is not None and not rules.can_invite(self.user, provider):
            self.add_error("provider", _("Für diesen Anbieter können Sie niemanden einladen."))
        return cleaned


class AcceptInvitationForm(UserCreationForm):
    """A new account from an invitation: user name and password (Django's validators)."""

    class Meta(UserCreationForm.Meta):
        fields = ("username",)
        help_texts = {
            "username": _(
                "Mit diesem Namen melden Sie sich an. Buchstaben, Ziffern und @ . + - _ "
                "sind erlaubt, höchstens 150 Zeichen."
            ),
        }

    def __init__(self, *args, invitation, **kwargs):
        from django.contrib.auth import get_user_model

        # The e-mail is known before validation, so the similarity validator can use it.
        kwargs["instance"] = get_user_model()(email=invitation.email)
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
