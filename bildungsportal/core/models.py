import nh3
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Tags an editor may use in a static page; everything else is stripped on save.
PAGE_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "abbr",
    "address", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption",
}


class PageQuerySet(models.QuerySet):
    def for_region(self, key):
        """Per slug the region's own page, else the shared one (blank region_key)."""
        return self.filter(region_key__in={key or "", ""}).order_by("slug", "-region_key")


class Page(models.Model):
    """An editable static page: imprint, privacy notice, accessibility statement, …"""

    slug = models.SlugField()
    # The region (its Kreisschlüssel) whose site shows this page; blank: every region without
    # a page of its own under this slug. A key, not a foreign key: core knows no places.
    region_key = models.CharField(
        _("Region (Kreisschlüssel)"), max_length=5, blank=True, default="",
        help_text=_("Leer: gilt für alle Regionen ohne eigene Seite dieses Namens."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Inhalt (HTML)"))
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    # The page in the site's other languages: {"en": {"title": …, "body": …}, …}. When the
    # German text changes and the translations don't, they are marked "outdated": true and the
    # page shows the German text (with a note) until someone updates them and removes the mark.
    translations = models.JSONField(
        _("Übersetzungen"), default=dict, blank=True,
        help_text=_("Je Sprache Titel und Inhalt, z. B. {\"en\": {\"title\": \"…\", \"body\": "
                    "\"…\"}}. Wird der deutsche Text geändert, gelten die Übersetzungen als "
                    "veraltet („outdated“), bis sie angepasst sind."),
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "region_key"], name="page_slug_per_region"),
        ]
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = nh3.clean(self.body, tags=PAGE_TAGS)
        translations = {}
        for language, entry in (self.translations or {}).items():
            entry = dict(entry)
            if entry.get("body"):
                entry["body"] = nh3.clean(entry["body"], tags=PAGE_TAGS)
            translations[language] = entry
        if self.pk:
            old = Page.objects.filter(pk=self.pk).values("title", "body", "translations").first()
            german_changed = old and (old["title"], old["body"]) != (self.title, self.body)
            if german_changed and old["translations"] == self.translations:
                for entry in translations.values():
                    entry["outdated"] = True
        self.translations = translations
        if kwargs.get("update_fields") is not None:  # update_or_create() names its fields
            kwargs["update_fields"] = {*kwargs["update_fields"], "translations"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("core:page", kwargs={"slug": self.slug})

    def translation(self, language=None):
        """The page's current translation into `language` (default: the active one), or None:
        then the page shows its German text."""
        language = language or get_language()
        entry = (self.translations or {}).get(language) or {}
        if entry.get("outdated") or not entry.get("body"):
            return None
        return entry

    @property
    def local_title(self):
        entry = self.translation()
        return entry.get("title") or self.title if entry else self.title
