import nh3
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Tags an editor may use in a static page; everything else is stripped on save.
PAGE_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "abbr",
    "address", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption",
}


class Page(models.Model):
    """An editable static page: imprint, privacy notice, accessibility statement, …"""

    slug = models.SlugField(unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Inhalt (HTML)"))
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = nh3.clean(self.body, tags=PAGE_TAGS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("core:page", kwargs={"slug": self.slug})
