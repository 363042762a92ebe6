from django.contrib import admin

from .models import Municipality, PostalCode, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "host", "is_default", "cross_border_search"]
    search_fields = ["name", "key", "host"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "region", "population", "latitude", "longitude"]
    list_filter = ["region"]
    search_fields = ["name", "official_name", "ags", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "place", "latitude", "longitude"]
    search_fields = ["code", "place"]
    show_full_result_count = False
