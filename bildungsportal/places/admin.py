from django.contrib import admin

from .models import Municipality, PostalCode


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "in_district", "population", "latitude", "longitude"]
    list_filter = ["in_district"]
    search_fields = ["name", "official_name", "ags", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "place", "latitude", "longitude"]
    search_fields = ["code", "place"]
    show_full_result_count = False
