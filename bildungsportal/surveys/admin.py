"""Admin: surveys with their channels, access codes (hashes only) and prize draw entries.

Questions are edited in the office's survey builder (/umfrage/verwaltung/), answers are read
in the results (/umfrage/auswertung/); the admin only shows what has no screen of its own.
"""

from django.contrib import admin

from .models import AccessCode, Channel, PrizeDrawEntry, Survey


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0
    fields = ["name", "token", "is_paper"]
    readonly_fields = ["token"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "opens_at", "closes_at", "is_demo",
                    "requires_access_code"]  # fmt: skip
    list_filter = ["is_demo", "requires_access_code"]
    search_fields = ["slug"]
    inlines = [ChannelInline]


@admin.register(AccessCode)
class AccessCodeAdmin(admin.ModelAdmin):
    """Codes are stored as hashes: the plain codes are shown only once, when generated."""

    list_display = ["survey", "group", "used_on"]
    list_filter = ["survey", "group", "used_on"]
    readonly_fields = ["survey", "group", "code_hash", "used_on"]

    def has_add_permission(self, request):
        return False


@admin.register(PrizeDrawEntry)
class PrizeDrawEntryAdmin(admin.ModelAdmin):
    """Contacts for the prize draw; delete them once the winners are notified."""

    list_display = ["survey", "name", "email", "entered_on"]
    list_filter = ["survey"]
    readonly_fields = ["survey", "name", "email", "entered_on"]

    def has_add_permission(self, request):
        return False
