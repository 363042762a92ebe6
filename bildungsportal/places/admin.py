from django import forms
from django.contrib import admin

from .models import Municipality, PostalCode, Region

LOGO_MAX_BYTES = 300 * 1024
# Raster formats every browser shows; no SVG (it can carry scripts).
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


class RegionForm(forms.ModelForm):
    logo_file = forms.ImageField(
        label="Logo hochladen", required=False,
        help_text="PNG, JPEG oder WebP, höchstens 300 KB; wird vor dem Namen der Website gezeigt.",
    )
    remove_logo = forms.BooleanField(label="Logo entfernen", required=False)

    class Meta:
        model = Region
        fields = ["key", "name", "slug", "host", "is_default", "cross_border_search",
                  "site_name", "primary_colour", "accent_colour", "home_texts"]

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if upload is None:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError("Das Logo ist größer als 300 KB.")
        kind = getattr(upload, "image", None) and upload.image.format
        if kind not in LOGO_FORMATS:
            raise forms.ValidationError("Bitte ein Bild als PNG, JPEG oder WebP hochladen.")
        upload.seek(0)
        return upload.read(), LOGO_FORMATS[kind]

    def save(self, commit=True):
        region = super().save(commit=False)
        if self.cleaned_data.get("remove_logo"):
            region.logo, region.logo_type = None, ""
        if logo := self.cleaned_data.get("logo_file"):
            region.logo, region.logo_type = logo
        if commit:
            region.save()
        return region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionForm
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
