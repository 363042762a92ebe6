from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """The analyzer's output for one published offering, one column per weighted field.

    The full-text index itself is backend specific and created by migration 0002:
    an FTS5 table over these columns on SQLite, a weighted tsvector column with a
    GIN index on PostgreSQL.
    """

    offering = models.OneToOneField(
        "catalog.Offering", on_delete=models.CASCADE, primary_key=True,
        related_name="search_document",
    )
    title = models.TextField()
    keywords = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    provider = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")

    def __str__(self):
        return self.title


class IndexState(models.Model):
    """A single row whose version changes whenever the catalog does.

    Each app process keeps its facet index in memory and rebuilds it when the
    version it built from is no longer the current one.
    """

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Indexstand")
        verbose_name_plural = _("Indexstand")

    def __str__(self):
        return str(self.version)
