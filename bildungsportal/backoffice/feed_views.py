"""Provider area: feeds, exports and the import template (/anbieterbereich/daten/…).

Provider staff see and change their own providers' feeds and exports; the office sees all.
Someone else's provider or feed id gives 404. Changes are POST only (CSRF-protected).
"""

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.validators import URLValidator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bildungsportal.accounts import rules
from bildungsportal.accounts.decorators import require
from bildungsportal.catalog.models import Provider
from bildungsportal.core.network import is_public
from bildungsportal.ingest import exports, template
from bildungsportal.ingest.feeds import ERROR, STATUS_LABELS, sync_feed
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.models import Feed

from .access import allowed_providers

TEMPLATE_FILES = {
    "csv": ("text/csv; charset=utf-8", template.template_csv),
    "xlsx": (exports.FORMATS["xlsx"][0], template.template_xlsx),
}


def selected_provider(request):
    """The provider of ?anbieter=ID (404 unless the user may edit it), or the only one."""
    value = request.GET.get("anbieter", "")
    if value:
        if not value.isdecimal():
            raise Http404
        provider = get_object_or_404(Provider, pk=int(value))
        if not rules.can_edit_provider(request.user, provider):
            raise Http404
        return provider
    own = list(allowed_providers(request.user)[:2])
    return own[0] if len(own) == 1 else None


def feed_or_404(request, pk):
    feed = get_object_or_404(Feed.objects.select_related("provider"), pk=pk)
    if not rules.can_edit_provider(request.user, feed.provider):
        raise Http404
    return feed


# -- import template -------------------------------------------------------------------------
@require(rules.can_use_backoffice)
def template_download(request, fmt):
    if fmt not in TEMPLATE_FILES:
        raise Http404
    content_type, build = TEMPLATE_FILES[fmt]
    response = HttpResponse(build(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bildungsportal-vorlage.{fmt}"'
    return response


# -- exports ---------------------------------------------------------------------------------
@require(rules.can_use_backoffice)
def export_page(request):
    provider = selected_provider(request)
    return render(request, "backoffice/data/export.html", {
        "provider": provider,
        "providers": allowed_providers(request.user) if provider is None or
        rules.is_office(request.user) or len(rules.provider_ids(request.user)) > 1 else None,
        "formats": [(name, label) for name, (_ct, _ext, label) in exports.FORMATS.items()],
        "columns": template.COLUMNS,
        "area_nav": "export",
    })


@require(rules.can_use_backoffice)
def export_download(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    provider = selected_provider(request)
    if provider is None:
        return redirect("backoffice:export")
    base_url = request.build_absolute_uri("/").rstrip("/")
    data, content_type, filename = exports.export(
        provider, fmt, base_url=base_url, domain=request.get_host().split(":")[0]
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- feeds -----------------------------------------------------------------------------------
def is_private_host(host):
    """Loopback, private and link-local addresses (and localhost) are no feed addresses."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        return not is_public(host)
    except ValueError:  # a name, not an address: checked again when it is fetched
        return False


class FeedForm(forms.ModelForm):
    url = forms.CharField(
        label=gettext_lazy("Adresse des Feeds (URL)"), max_length=500,
        help_text=gettext_lazy("Beginnt mit https:// oder http://"),
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"))

    class Meta:
        model = Feed
        fields = ["provider", "url", "format"]
        labels = {"provider": gettext_lazy("Anbieter")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = allowed_providers(user)
        self.fields["provider"].empty_label = None
        self.fields["format"].choices = [(name, f.label or name) for name, f in FORMATS.items()]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Bitte eine vollständige Adresse angeben, die mit https:// oder http:// "
                  "beginnt.")) from None
        if is_private_host(urlsplit(url).hostname):
            raise forms.ValidationError(
                _("Adressen im internen Netz (localhost, private IP-Adressen) sind nicht "
                  "erlaubt."))
        return url


def _feed_rows(feeds):
    for feed in feeds:
        feed.status_label = STATUS_LABELS.get(feed.last_status, feed.last_status)
        feed.failed = feed.last_status == ERROR
        feed.format_label = FORMATS[feed.format].label if feed.format in FORMATS else feed.format
    return feeds


@require(rules.can_use_backoffice)
def feed_list(request):
    """The user's feeds and the form to register one."""
    form = FeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        feed = form.save()
        messages.success(request, _("Der Feed wurde eingetragen. Er wird ab jetzt täglich "
                                    "abgerufen; mit „Jetzt abrufen“ sofort."))
        return redirect(f"{request.path}#feed-{feed.pk}")
    feeds = Feed.objects.select_related("provider").filter(
        provider__in=allowed_providers(request.user)
    )
    return render(request, "backoffice/data/feed_list.html", {
        "form": form, "feeds": _feed_rows(list(feeds[:500])), "area_nav": "feeds",
    })


@require(rules.is_office)
def feed_all(request):
    """The office's view of every feed with its state."""
    feeds = Feed.objects.select_related("provider").filter(
        provider__in=allowed_providers(request.user)).order_by("-last_status", "provider__name")
    feeds = _feed_rows(list(feeds))
    return render(request, "backoffice/data/feed_all.html", {
        "feeds": feeds, "failed": sum(feed.failed for feed in feeds), "area_nav": "feeds-all",
    })


@require(rules.can_use_backoffice)
@require_POST
def feed_toggle(request, pk):
    feed = feed_or_404(request, pk)
    feed.active = not feed.active
    feed.save(update_fields=["active"])
    messages.success(request, _("Der Feed ist jetzt aktiv.") if feed.active
                     else _("Der Feed ist pausiert und wird nicht mehr abgerufen."))
    return redirect("backoffice:feeds")


@require(rules.can_use_backoffice)
@require_POST
def feed_delete(request, pk):
    feed = feed_or_404(request, pk)
    feed.delete()
    messages.success(request, _("Der Feed wurde gelöscht. Bereits importierte Angebote "
                                "bleiben erhalten."))
    return redirect("backoffice:feeds")


@require(rules.can_use_backoffice)
@require_POST
def feed_sync(request, pk):
    feed = feed_or_404(request, pk)
    result = sync_feed(feed)
    if result.status == ERROR:
        messages.error(request, _("Abruf fehlgeschlagen: siehe „Letzter Fehler“."))
    else:
        messages.success(request, _("Abgerufen: %(status)s.") % {
            "status": STATUS_LABELS[result.status]})
    if request.POST.get("next") == "alle" and rules.is_office(request.user):
        return redirect("backoffice:feeds-all")
    return redirect("backoffice:feeds")
