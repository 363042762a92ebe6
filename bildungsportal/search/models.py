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

    Each app process keeps its facet index in memory. When `version` changes it reads the
    offerings changed since (IndexChange) and patches its index; when `rebuild_token`
    changes too (vocabularies, synonyms, rebuild_index) it rebuilds it from scratch.
    """

    version = models.PositiveBigIntegerField(default=0)
    rebuild_token = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Indexstand")
        verbose_name_plural = _("Indexstand")

    def __str__(self):
        return str(self.version)


class IndexChange(models.Model):
    """One changed (or deleted) offering, in commit order as far as ids go: the change log
    that lets every app process patch its in-memory index instead of rebuilding it.

    Written in the same transaction as the offering's search document; trimmed to the last
    indexing.CHANGE_LOG_ROWS rows (a process further behind rebuilds).
    """

    id = models.BigAutoField(primary_key=True)
    offering_id = models.BigIntegerField()  # no foreign key: deleted offerings are logged too

    class Meta:
        verbose_name = _("Indexänderung")
        verbose_name_plural = _("Indexänderungen")

    def __str__(self):
        return f"{self.pk}: {self.offering_id}"


class SearchDemand(models.Model):
    """Searches that found nothing or little, counted per day, query and filters.

    Anonymous by construction: no IP address, session, user agent or user, and only the day
    (no time). One row per (day, normalised query, filters); `searches` counts how often that
    search was made on that day. Rows older than SEARCH_DEMAND_RETENTION_DAYS are purged.
    """

    day = models.DateField(_("Tag"))
    query = models.CharField(_("Suchbegriff (normalisiert)"), max_length=200, blank=True)
    # The filters as [name, value] pairs in the order of SearchParams.as_query_list().
    filters = models.JSONField(_("Filter"), default=list, blank=True)
    # sha256 of the filters' canonical JSON: the unique key can't index a JSON column.
    filters_hash = models.CharField(_("Filter-Prüfsumme"), max_length=64)
    result_count = models.PositiveIntegerField(_("Treffer"))
    searches = models.PositiveIntegerField(_("Suchen"), default=1)

    class Meta:
        verbose_name = _("Suche mit wenigen Treffern")
        verbose_name_plural = _("Suchen mit wenigen Treffern")
        ordering = ("-day", "-searches", "query")
        constraints = [
            models.UniqueConstraint(
                fields=("day", "query", "filters_hash"), name="search_demand_unique_search"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.query}"


class SynonymGroup(models.Model):
    """Words the search treats as one: "EDV, Computer, IT". Edited by the education office.

    Each member may be several words (then matched as a phrase). A search word finds the
    other members of every group it belongs to. Seeded from search/data/synonyms.txt.
    """

    terms = models.CharField(
        _("Begriffe"), max_length=500,
        help_text=_("Durch Kommas getrennt, z. B. „EDV, Computer, IT“."),
    )
    note = models.CharField(_("Notiz"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Synonymgruppe")
        verbose_name_plural = _("Synonymgruppen")
        ordering = ("terms",)

    def __str__(self):
        return self.terms
