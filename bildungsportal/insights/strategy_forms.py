"""Forms of the office's strategy pages: fields of action, goals, measures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import Topic
from bildungsportal.places.models import Municipality

from .models import FieldOfAction, Goal, Measure


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FieldOfActionForm(forms.ModelForm):
    class Meta:
        model = FieldOfAction
        fields = ["title", "description", "position"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["field", "title", "description", "indicator", "town", "life_phase", "topic",
                  "target_value", "target_date"]
        widgets = {"target_date": DateInput()}
        localized_fields = ["target_value"]  # "2,5" as the office writes it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Municipality.objects.in_district()
        self.fields["field"].queryset = FieldOfAction.objects.in_region()
        self.fields["town"].empty_label = _("ganzer Kreis")
        self.fields["topic"].queryset = Topic.objects.filter(parent__isnull=True)
        self.fields["field"].empty_label = _("– bitte wählen –")
        self.fields["life_phase"].empty_label = _("alle Lebensphasen")
        self.fields["topic"].empty_label = _("alle Themen")


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "description", "actors", "status", "start_date", "end_date", "goal",
                  "gap_town", "gap_topic"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "actors": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gap_town"].queryset = Municipality.objects.in_district()
        self.fields["goal"].queryset = Goal.objects.filter(
            field__in=FieldOfAction.objects.in_region())
        self.fields["gap_topic"].queryset = Topic.objects.filter(parent__isnull=True)
        self.fields["goal"].empty_label = _("– kein Ziel –")
        self.fields["gap_town"].empty_label = _("– keine Lücke –")
        self.fields["gap_topic"].empty_label = _("– keine Lücke –")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende liegt vor dem Beginn."))
        if bool(data.get("gap_town")) != bool(data.get("gap_topic")):
            self.add_error("gap_topic", _("Eine Lücke braucht Gemeinde und Thema."))
        return data


class CompareForm(forms.Form):
    """Two snapshot dates to compare (GET)."""

    von = forms.TypedChoiceField(label=_("Stand vorher"), coerce=str)
    bis = forms.TypedChoiceField(label=_("Stand nachher"), coerce=str)

    def __init__(self, *args, dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(d.isoformat(), d.strftime("%d.%m.%Y")) for d in dates]
        self.fields["von"].choices = choices
        self.fields["bis"].choices = choices
