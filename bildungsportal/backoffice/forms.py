"""Forms of the provider self-service: offering, its runs (inline formset), provider profile.

Everything the database constraints of catalog/models.py would refuse is caught here first,
with a German message at the field, so a save never fails with an IntegrityError.
Text fields are plain text: nh3 removes every HTML tag (and the content of script/style).
"""

import html
import re
from datetime import date

import nh3
from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import (
    Format,
    FundingOption,
    Language,
    LifePhase,
    Offering,
    Provider,
    Run,
    TargetGroup,
    Topic,
    Venue,
)
from bildungsportal.places.models import PostalCode
from bildungsportal.places.selectors import municipality_for_postcode

MAX_TEXT_CHARS = 20_000
MAX_PRICE_CENTS = 100_000_000  # 1 million euro: anything above is a typo
DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]
EURO = re.compile(r"^(?P<euros>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{1,2}))?$")
URL_MESSAGE = _("Bitte eine vollständige Adresse wie https://www.example.org eingeben.")
WEEKDAY_CHOICES = [
    ("0", _("Montag")), ("1", _("Dienstag")), ("2", _("Mittwoch")), ("3", _("Donnerstag")),
    ("4", _("Freitag")), ("5", _("Samstag")), ("6", _("Sonntag")),
]


def plain_text(value):
    """Text without HTML: tags dropped, script/style content dropped, entities decoded."""
    if not value:
        return value
    return html.unescape(nh3.clean(value, tags=set())).strip()


def format_cents(cents):
    """1250 → "12,50" (the form's own input format, no currency sign)."""
    euros, rest = divmod(int(cents), 100)
    return f"{euros},{rest:02d}"


class EuroField(forms.CharField):
    """A price typed in euro ("12", "12,50", "1.234,50 €", "12.50") → cents (int) or None."""

    default_error_messages = {
        "invalid": _("Bitte einen Betrag in Euro eingeben, z. B. 12,50 oder 12,50 €."),
        "negative": _("Ein Preis kann nicht negativ sein."),
        "too_large": _("Dieser Betrag ist unrealistisch hoch. Bitte prüfen Sie die Eingabe."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": "30"})

    def prepare_value(self, value):
        return format_cents(value) if isinstance(value, int) else value

    def to_python(self, value):
        if isinstance(value, int):
            return value
        text = (super().to_python(value) or "").replace("€", "").replace("EUR", "").strip()
        text = text.replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if text.startswith("-"):
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if re.fullmatch(r"\d+\.\d{1,2}", text):  # "12.50": a decimal point, not thousands
            text = text.replace(".", ",")
        match = EURO.fullmatch(text)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            euros = int(match["euros"].replace(".", ""))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        cents = euros * 100 + int((match["cents"] or "0").ljust(2, "0"))
        if cents > MAX_PRICE_CENTS:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return cents


class GermanDateField(forms.DateField):
    default_error_messages = {
        "invalid": _("Bitte ein gültiges Datum im Format TT.MM.JJJJ eingeben, z. B. 01.02.2027."),
        "range": _("Das Datum muss zwischen 2000 und 2100 liegen."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(format="%d.%m.%Y"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "TT.MM.JJJJ", "autocomplete": "off"})

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return day


class GermanTimeField(forms.TimeField):
    default_error_messages = {
        "invalid": _("Bitte eine Uhrzeit wie 18:30 eingeben."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", TIME_FORMATS)
        kwargs.setdefault("widget", forms.TimeInput(format="%H:%M"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "HH:MM", "autocomplete": "off"})


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # Shown inside its first-level topic's group: the group names the parent.
        return obj.name if obj.parent_id else _("%(name)s (allgemein)") % {"name": obj.name}


def _checkboxes(queryset, label, required=False, field_class=forms.ModelMultipleChoiceField,
                **kwargs):
    return field_class(
        queryset=queryset, label=label, required=required,
        widget=forms.CheckboxSelectMultiple, **kwargs,
    )


TEXT_FIELDS = (
    "title", "summary", "description", "entry_requirements", "price_note", "certificate",
    "registration_contact",
)


class OfferingForm(forms.ModelForm):
    """The offering itself; the provider is set by the view, never taken from the form."""

    life_phases = _checkboxes(
        LifePhase.objects.all(), _("Lebensphasen"), required=True,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Lebensphase.")},
    )
    topics = _checkboxes(
        Topic.objects.select_related("parent").order_by("parent__position", "position", "name"),
        _("Themen"), required=True, field_class=TopicChoiceField,
        error_messages={"required": _("Bitte wählen Sie mindestens ein Thema.")},
    )
    target_groups = _checkboxes(TargetGroup.objects.all(), _("Zielgruppen"))
    languages = _checkboxes(
        Language.objects.all(), _("Unterrichtssprachen"), required=True,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Sprache.")},
    )
    funding_options = _checkboxes(FundingOption.objects.all(), _("Fördermöglichkeiten"))
    format = forms.ModelChoiceField(
        Format.objects.all(), label=_("Format"), widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("Bitte wählen Sie ein Format.")},
    )
    price_cents = EuroField(label=_("Preis in Euro"), help_text=_("z. B. 120,00"))
    price_reduced_cents = EuroField(label=_("ermäßigter Preis in Euro"))

    class Meta:
        model = Offering
        fields = [
            "title", "summary", "description", "entry_requirements", "format", "life_phases",
            "topics", "target_groups", "languages", "is_free", "price_cents",
            "price_reduced_cents", "price_note", "funding_options", "certificate", "dqr_level",
            "registration_url", "registration_contact",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "entry_requirements": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("Ein bis zwei Sätze für die Trefferliste."),
            "description": _("Nur Text, ohne HTML. Leerzeilen trennen Absätze."),
            "is_free": _("Ein kostenfreies Angebot hat keinen Preis."),
            "registration_url": _("Link zur Anmeldung, beginnend mit https://"),
            "registration_contact": _("z. B. Telefonnummer oder E-Mail-Adresse"),
        }
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Titel ein.")},
            "registration_url": {
                "invalid": URL_MESSAGE
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("description", "entry_requirements"):
            self.fields[name].max_length = MAX_TEXT_CHARS
            self.fields[name].validators.append(MaxLengthValidator(MAX_TEXT_CHARS))
        self.fields["dqr_level"].empty_label = _("– kein DQR-Niveau –")

    def topic_groups(self):
        """The topic checkboxes grouped by first-level topic, for one <details> per group.

        The first-level topic's own box comes first in its group; a group with a ticked box
        (or all of them after an error on the field, or the first when none is ticked) is
        shown open.
        """
        groups = {}
        for box in self["topics"]:
            topic = box.data["value"].instance
            parent = topic.parent or topic
            group = groups.setdefault(parent.pk, {
                "name": parent.name, "key": (parent.position, parent.name), "boxes": [],
                "checked": 0,
            })
            box.sort_key = (topic.parent_id is not None, topic.position, topic.name)
            # The accessible name names the parent too ("Sprachen – Englisch"): screen
            # readers that jump from box to box do not hear the group's summary.
            box.full_label = f"{parent.name} – {topic.name}" if topic.parent_id else ""
            group["boxes"].append(box)
            group["checked"] += bool(box.data["selected"])
        failed = bool(self["topics"].errors)
        ordered = sorted(groups.values(), key=lambda group: group["key"])
        # Nothing ticked yet (a new offering): the first group is open, so that Tab reaches
        # a topic box straight away and the tree's shape is visible.
        none = not any(group["checked"] for group in ordered)
        return [
            dict(group, boxes=sorted(group["boxes"], key=lambda box: box.sort_key),
                 open=failed or group["checked"] > 0 or (none and index == 0))
            for index, group in enumerate(ordered)
        ]

    def clean(self):
        data = super().clean()
        for name in TEXT_FIELDS:
            if data.get(name):
                data[name] = plain_text(data[name])
        if "title" in data and not data["title"]:
            self.add_error("title", _("Der Titel darf nicht nur aus HTML bestehen."))
        price, reduced = data.get("price_cents"), data.get("price_reduced_cents")
        if data.get("is_free") and price:
            self.add_error("price_cents", _(
                "Ein kostenfreies Angebot hat keinen Preis. Entfernen Sie den Preis oder das "
                "Häkchen bei „kostenfrei“."
            ))
        if data.get("is_free") and reduced:
            self.add_error("price_reduced_cents", _(
                "Ein kostenfreies Angebot hat keinen ermäßigten Preis."
            ))
        elif reduced is not None and "price_cents" not in self.errors:
            if price is None:
                self.add_error("price_reduced_cents", _(
                    "Bitte geben Sie auch den vollen Preis an."
                ))
            elif reduced > price:
                self.add_error("price_reduced_cents", _(
                    "Der ermäßigte Preis darf nicht höher sein als der volle Preis."
                ))
        return data


class RunForm(forms.ModelForm):
    """One run. The venue is a choice among the provider's venues, a new venue, or online."""

    recurrence = forms.ChoiceField(
        label=_("Rhythmus"), choices=Run.Recurrence.choices, widget=forms.RadioSelect,
        initial=Run.Recurrence.ONCE,
    )
    start_date = GermanDateField(label=_("Beginn (Datum)"), required=False)
    end_date = GermanDateField(label=_("Ende (Datum)"), required=False)
    weekdays = forms.MultipleChoiceField(
        label=_("Wochentage"), choices=WEEKDAY_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = GermanTimeField(label=_("von (Uhrzeit)"), required=False)
    end_time = GermanTimeField(label=_("bis (Uhrzeit)"), required=False)
    place = forms.ModelChoiceField(
        Venue.objects.none(), label=_("Veranstaltungsort"), required=False,
        empty_label=_("– kein gespeicherter Ort –"),
    )
    new_venue_name = forms.CharField(label=_("Neuer Ort: Name"), max_length=200, required=False)
    new_venue_street = forms.CharField(
        label=_("Neuer Ort: Straße und Hausnummer"), max_length=200, required=False
    )
    new_venue_postcode = forms.CharField(label=_("Neuer Ort: PLZ"), max_length=5,
                                         required=False)
    price_cents = EuroField(label=_("Preis in Euro, falls abweichend"))

    class Meta:
        model = Run
        fields = [
            "recurrence", "start_date", "end_date", "weekdays", "start_time", "end_time",
            "sessions", "hours", "seats", "booking_status", "is_online", "price_cents", "note",
        ]
        localized_fields = ["hours"]
        labels = {"is_online": _("findet online statt")}

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        if provider is not None:
            # Venues of the provider and those its offerings already use (imported ones).
            self.fields["place"].queryset = (
                Venue.objects.filter(Q(provider=provider) | Q(runs__offering__provider=provider))
                .select_related("municipality").distinct().order_by("name", "pk")
            )
        if self.instance.pk:
            self.initial["place"] = self.instance.venue_id
            bits = self.instance.weekdays or 0
            self.initial["weekdays"] = [
                str(day) for day, bit in Run.WEEKDAY_BITS.items() if bits & bit
            ]
        # The database columns are small integers; bound them here so no value reaches the
        # database that PostgreSQL would refuse (SQLite would silently store it).
        for name, limit in (("sessions", 1000), ("seats", 10000)):
            self.fields[name].max_value = limit
            self.fields[name].validators.append(MaxValueValidator(limit))
            self.fields[name].widget.attrs["max"] = limit
        self.fields["hours"].validators.append(MinValueValidator(0))
        self.fields["new_venue_postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.new_venue = None

    def clean_weekdays(self):
        return sum(Run.WEEKDAY_BITS[int(day)] for day in set(self.cleaned_data["weekdays"]))

    def clean_note(self):
        return plain_text(self.cleaned_data["note"])

    def clean(self):
        data = super().clean()
        recurrence = data.get("recurrence")
        start, end = data.get("start_date"), data.get("end_date")
        if recurrence == Run.Recurrence.ONCE and start is None and "start_date" not in self.errors:
            self.add_error("start_date", _("Bitte geben Sie das Datum des Termins an."))
        if recurrence == Run.Recurrence.WEEKLY and not data.get("weekdays") and start is None:
            self.add_error("weekdays", _(
                "Bitte wählen Sie mindestens einen Wochentag oder geben Sie den Beginn an."
            ))
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende liegt vor dem Beginn."))
        if end and not start and "start_date" not in self.errors:
            self.add_error("start_date", _("Bitte geben Sie auch den Beginn an."))
        begin, finish = data.get("start_time"), data.get("end_time")
        if begin and finish and finish <= begin:
            self.add_error("end_time", _("Die Endzeit muss nach der Anfangszeit liegen."))
        self._clean_venue(data)
        return data

    def _clean_venue(self, data):
        name = plain_text(data.get("new_venue_name") or "")
        street = plain_text(data.get("new_venue_street") or "")
        postcode = (data.get("new_venue_postcode") or "").strip()
        wants_new = bool(name or street or postcode)
        if data.get("place") and wants_new:
            self.add_error("new_venue_name", _(
                "Bitte wählen Sie entweder einen gespeicherten Ort oder geben Sie einen neuen "
                "Ort ein, nicht beides."
            ))
            return
        if wants_new:
            if not name:
                self.add_error("new_venue_name", _("Bitte geben Sie den Namen des Ortes an."))
            if not re.fullmatch(r"\d{5}", postcode):
                self.add_error("new_venue_postcode", _(
                    "Bitte geben Sie eine fünfstellige Postleitzahl an."
                ))
                return
            municipality = municipality_for_postcode(postcode)
            point = PostalCode.objects.filter(code=postcode).first()
            if municipality is None and point is None:
                self.add_error("new_venue_postcode", _(
                    "Die Postleitzahl %(code)s gibt es nicht. Bitte prüfen Sie die "
                    "Postleitzahl oder wählen Sie „findet online statt“."
                ) % {"code": postcode})
                return
            if name:
                # Outside our towns (e.g. Berlin) the venue names its place from the
                # postcode table instead of a municipality.
                self.new_venue = Venue(
                    provider=self.provider, name=name, street=street, postcode=postcode,
                    municipality=municipality,
                    locality="" if municipality else point.place[:100],
                    latitude=point.latitude if point else None,
                    longitude=point.longitude if point else None,
                )
            return
        if not data.get("place") and not data.get("is_online"):
            self.add_error("place", _(
                "Bitte wählen Sie einen Veranstaltungsort, geben Sie einen neuen Ort ein oder "
                "kreuzen Sie „findet online statt“ an."
            ))

    def save(self, commit=True):
        if self.new_venue is not None:
            self.new_venue.save()
            self.instance.venue = self.new_venue
        else:
            self.instance.venue = self.cleaned_data.get("place")
        return super().save(commit=commit)


class BaseRunFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("diesen Termin löschen")


def run_formset_class(extra):
    return inlineformset_factory(
        Offering, Run, form=RunForm, formset=BaseRunFormSet, extra=extra, can_delete=True,
        max_num=50, validate_max=True, absolute_max=60,
    )


class ProviderProfileForm(forms.ModelForm):
    """The provider's public profile; the town follows from the postcode."""

    class Meta:
        model = Provider
        fields = ["name", "description", "street", "postcode", "email", "phone", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _("Nur Text, ohne HTML."),
            "website": _("beginnend mit https://"),
        }
        error_messages = {
            "name": {"required": _("Bitte geben Sie den Namen an.")},
            "website": {
                "invalid": URL_MESSAGE
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].max_length = MAX_TEXT_CHARS
        self.fields["description"].validators.append(MaxLengthValidator(MAX_TEXT_CHARS))
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def clean(self):
        data = super().clean()
        for name in ("name", "description", "street", "phone"):
            if data.get(name):
                data[name] = plain_text(data[name])
        if "name" in data and not data["name"]:
            self.add_error("name", _("Der Name darf nicht nur aus HTML bestehen."))
        postcode = (data.get("postcode") or "").strip()
        if postcode:
            municipality = (
                municipality_for_postcode(postcode) if re.fullmatch(r"\d{5}", postcode) else None
            )
            if municipality is None:
                self.add_error("postcode", _(
                    "Diese Postleitzahl kennen wir nicht. Bitte eine fünfstellige Postleitzahl "
                    "aus dem Kreis Bergstraße oder der Nachbarschaft eingeben."
                ))
            else:
                self.instance.municipality = municipality
        else:
            self.instance.municipality = None
        return data

