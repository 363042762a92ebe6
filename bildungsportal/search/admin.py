import csv
from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SearchDemand, SynonymGroup

# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _filters_text(filters):
    return urlencode([tuple(pair) for pair in filters or ()])


@admin.register(SearchDemand)
class SearchDemandAdmin(admin.ModelAdmin):
    """Read-only: the counts come from the search, the office only reads and exports them."""

    list_display = ["day", "query", "filters_display", "result_count", "searches"]
    list_filter = ["day", "result_count"]
    search_fields = ["query"]
    date_hierarchy = "day"
    ordering = ["-day", "-searches", "query"]
    list_per_page = 100
    actions = ["export_csv"]
    fields = ["day", "query", "filters_display", "result_count", "searches"]
    readonly_fields = fields

    @admin.display(description=_("Filter"))
    def filters_display(self, obj):
        return _filters_text(obj.filters) or "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Ausgewählte als CSV exportieren"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"suchnachfrage-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.writer(response)
        writer.writerow(["day", "query", "filters", "result_count", "searches"])
        for row in queryset.order_by("day", "query", "filters_hash").iterator():
            writer.writerow([
                row.day.isoformat(), _cell(row.query), _cell(_filters_text(row.filters)),
                row.result_count, row.searches,
            ])
        return response


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """The office edits synonyms here; searches use them as soon as they are saved."""

    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]
