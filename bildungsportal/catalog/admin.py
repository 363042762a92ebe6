from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import vocabularies
from .models import DqrLevel, Offering, Provider, Run, Venue


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class TopicAdmin(VocabularyAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["parent"]


class FundingOptionAdmin(VocabularyAdmin):
    list_display = ["name", "slug", "url", "position"]


VOCABULARY_ADMINS = {"topic": TopicAdmin, "funding": FundingOptionAdmin}
for kind in vocabularies.ALL_VOCABULARIES:
    admin.site.register(kind.model, VOCABULARY_ADMINS.get(kind.key, VocabularyAdmin))


@admin.register(DqrLevel)
class DqrLevelAdmin(admin.ModelAdmin):
    list_display = ["level", "name"]
    search_fields = ["name", "description"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "source", "updated_at"]
    list_filter = ["kind", "source", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "email", "website"]
    raw_id_fields = ["municipality"]
    filter_horizontal = ["quality_seals"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "postcode", "municipality", "provider", "step_free"]
    list_filter = ["step_free", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "street", "postcode", "provider__name"]
    raw_id_fields = ["provider", "municipality"]
    list_select_related = ["municipality", "provider"]


class RunInline(admin.StackedInline):
    model = Run
    extra = 0
    raw_id_fields = ["venue"]
    fields = [
        ("recurrence", "booking_status"),
        ("start_date", "end_date", "weekdays"),
        ("start_time", "end_time"),
        ("sessions", "hours", "seats"),
        ("venue", "is_online"),
        ("price_cents", "note"),
        "external_id",
    ]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "format", "status", "is_free", "source", "updated_at"]
    list_filter = ["status", "source", "is_free", "format", "life_phases"]
    search_fields = ["title", "summary", "external_id", "provider__name"]
    raw_id_fields = ["provider", "dqr_level"]
    filter_horizontal = [kind.field for kind in vocabularies.OFFERING_RELATIONS]
    list_select_related = ["provider", "format"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "updated_at"
    inlines = [RunInline]
    actions = ["publish", "archive"]
    show_full_result_count = False

    @admin.action(description=_("Ausgewählte Angebote veröffentlichen"))
    def publish(self, request, queryset):
        # Saved one by one so the search index follows (signals).
        for offering in queryset:
            offering.status = Offering.Status.PUBLISHED
            offering.save(update_fields=["status", "updated_at"])

    @admin.action(description=_("Ausgewählte Angebote archivieren"))
    def archive(self, request, queryset):
        for offering in queryset:
            offering.status = Offering.Status.ARCHIVED
            offering.save(update_fields=["status", "updated_at"])


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = [
        "offering", "recurrence", "start_date", "end_date", "start_time", "venue", "is_online",
        "booking_status",
    ]
    list_filter = ["recurrence", "booking_status", "is_online"]
    search_fields = ["offering__title", "venue__name", "external_id"]
    raw_id_fields = ["offering", "venue"]
    list_select_related = ["offering", "venue__municipality"]
    date_hierarchy = "start_date"
    show_full_result_count = False
