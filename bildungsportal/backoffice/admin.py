"""Read-only admin views of the office's curation records (the work happens on the office
screens under /anbieterbereich/redaktion/)."""

from django.contrib import admin

from .models import DuplicatePair, LinkCheck, OfferingChange


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OfferingChange)
class OfferingChangeAdmin(ReadOnlyAdmin):
    list_display = ["offering", "action", "user", "created_at"]
    list_filter = ["action"]
    list_select_related = ["offering", "user"]
    search_fields = ["offering__title"]
    raw_id_fields = ["offering", "user"]


@admin.register(DuplicatePair)
class DuplicatePairAdmin(ReadOnlyAdmin):
    list_display = ["first", "second", "score", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["first", "second", "decided_by"]
    raw_id_fields = ["first", "second", "kept", "decided_by"]


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyAdmin):
    list_display = ["offering", "url", "ok", "status_code", "error", "checked_at"]
    list_filter = ["ok"]
    list_select_related = ["offering"]
    search_fields = ["url", "offering__title"]
    raw_id_fields = ["offering"]
