"""Admin for the monitoring: search term → topic mappings (with the most frequent unmapped
terms as a hint), published indicators, fields of action, goals, measures, snapshots."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import demand
from .models import FieldOfAction, Goal, IndicatorSnapshot, Measure, PublishedIndicator, TopicTerm


@admin.register(TopicTerm)
class TopicTermAdmin(admin.ModelAdmin):
    list_display = ("term", "topic", "note")
    list_filter = ("topic",)
    search_fields = ("term",)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        terms = demand.frequent_unmapped_terms(limit=20)
        if terms:
            self.message_user(request, _("Häufige Suchbegriffe ohne Thema: %(terms)s") % {
                "terms": ", ".join(f"{term} ({count})" for term, count in terms)})
        return super().changelist_view(request, extra_context)


@admin.register(PublishedIndicator)
class PublishedIndicatorAdmin(admin.ModelAdmin):
    list_display = ("indicator", "life_phase", "topic", "position")
    list_editable = ("position",)


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ("title", "indicator", "town", "target_value", "target_date")


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ("title", "position")
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("title", "field", "indicator", "town", "target_value", "target_date")
    list_filter = ("field", "indicator")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "start_date", "end_date", "goal", "gap_town",
                    "gap_topic")
    list_filter = ("status",)
    search_fields = ("title", "actors")


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(admin.ModelAdmin):
    list_display = ("taken_on", "indicator", "town", "life_phase", "topic", "value", "n")
    list_filter = ("taken_on", "indicator")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
