from django.contrib import admin

from .models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """For requests under the DSGVO (what is stored about an address, delete it): find by
    address, read, delete. Nothing to edit: subscriptions change only by their owner."""

    list_display = ("email", "frequency", "language", "created_at", "last_sent_at")
    list_filter = ("frequency", "language")
    search_fields = ("email",)
    readonly_fields = ("email", "query", "frequency", "language", "created_at", "checked_at",
                       "last_sent_at", "last_seen_offering")
    exclude = ("token",)

    def has_add_permission(self, request):
        return False
