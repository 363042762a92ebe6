"""Surveys: a builder for the office, answering without an account, results with small-cell
suppression.

Structure: a Survey has numbered SurveyVersions; a version holds Pages, a page Questions, a
question Choices (options; for matrix questions also rows). Once a version has responses it is
frozen: the builder copies it into a new version before changing anything, so old answers keep
meaning what they meant. Results combine versions through the stable question and choice
``code``s.

Texts are dicts {language code: text} ("de" first, "en", further languages as data);
``translate(texts, language)`` picks one with German as the fallback.

Privacy: a Response stores no IP address, no user agent, and only the day of submission. The
prize draw (PrizeDrawEntry) is stored apart, with no link to any response.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def translate(texts, language="de"):
    """The text in ``language``, else German, else any; '' for an empty dict."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    return texts.get(language) or texts.get("de") or next(iter(texts.values()), "")


def default_min_cell_size():
    return settings.SURVEY_MIN_CELL_SIZE


def default_retention_days():
    return settings.SURVEY_UNFINISHED_RETENTION_DAYS


class SurveyQuerySet(models.QuerySet):
    def in_region(self, region=None):
        """The surveys of a region: the current request's (or the default) unless one is given."""
        from bildungsportal.places.regions import current_region

        return self.filter(region=region or current_region())


class Survey(models.Model):
    slug = models.SlugField(_("Kurzname (Adresse)"), max_length=80, unique=True)
    # Its office runs it, it answers on its host and its results stay there (issue 15).
    # A new survey belongs to the region it is made in (save() fills it in).
    region = models.ForeignKey(
        "places.Region", on_delete=models.PROTECT, related_name="surveys", editable=False,
        verbose_name=_("Region"),
    )
    title = models.JSONField(_("Titel"), default=dict)
    introduction = models.JSONField(_("Einleitung"), default=dict, blank=True)
    # Art. 13 DSGVO: who is responsible, purpose, legal basis, retention, rights, contact.
    privacy_notice = models.JSONField(_("Datenschutzhinweis"), default=dict, blank=True)
    thank_you = models.JSONField(_("Dankestext"), default=dict, blank=True)
    languages = models.JSONField(_("Sprachen"), default=list)  # e.g. ["de", "en"]
    opens_at = models.DateTimeField(_("geöffnet ab"), null=True, blank=True)
    closes_at = models.DateTimeField(_("geöffnet bis"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demo-Umfrage"), default=False)
    requires_access_code = models.BooleanField(_("nur mit Zugangscode"), default=False)
    prize_draw = models.JSONField(
        _("Gewinnspiel (Text, leer = keines)"), default=dict, blank=True
    )
    min_cell_size = models.PositiveSmallIntegerField(
        _("kleinste gezeigte Gruppe (k)"), default=default_min_cell_size
    )
    unfinished_retention_days = models.PositiveSmallIntegerField(
        _("unvollständige Antworten löschen nach (Tagen)"), default=default_retention_days
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        constraints = [
            models.CheckConstraint(condition=Q(min_cell_size__gte=1), name="survey_k_positive"),
        ]

    def __str__(self):
        return translate(self.title) or self.slug

    def save(self, *args, **kwargs):
        if self.region_id is None:
            from bildungsportal.places.regions import current_region

            self.region = current_region()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("surveys:answer", kwargs={"slug": self.slug})

    def is_open(self, now=None):
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def current_version(self):
        return self.versions.order_by("-number").first()


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts changes of its pages, questions and choices (surveys/signals.py), so that the
    # structure held in memory for answering (logic.pages_and_questions) is never stale.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique"),
        ]

    def __str__(self):
        return f"{self.survey} v{self.number}"

    def is_frozen(self):
        """A version with responses is never changed again (the builder copies it)."""
        return self.responses.exists()


class Page(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(max_length=50)
    title = models.JSONField(_("Überschrift"), default=dict, blank=True)
    # Show the page only if … ; see ``Question.condition`` for the shape.
    condition = models.JSONField(_("Bedingung"), default=dict, blank=True)

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="survey_page_code_unique"),
        ]

    def __str__(self):
        return translate(self.title) or self.code


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Einfachauswahl")
        MULTIPLE = "multiple", _("Mehrfachauswahl")
        LIKERT = "likert", _("Skala (Likert)")
        MATRIX = "matrix", _("Matrix")
        RANKING = "ranking", _("Rangfolge")
        NUMBER = "number", _("Zahl")
        SHORT_TEXT = "short_text", _("kurzer Text")
        LONG_TEXT = "long_text", _("langer Text")
        CATALOG = "catalog", _("Katalogfrage")

    class Requirement(models.TextChoices):
        OPTIONAL = "optional", _("freiwillig")
        SOFT = "soft", _("erbeten (Hinweis, aber weiter möglich)")
        REQUIRED = "required", _("Pflicht")

    class CatalogVocabulary(models.TextChoices):
        """Catalog-bound questions: the choices come from the catalog, not from Choice rows."""

        TOPIC = "topic", _("Themen")
        LIFE_PHASE = "life_phase", _("Lebensphase")
        TOWN = "town", _("Ort")
        TARGET_GROUP = "target_group", _("Zielgruppe")
        FORMAT = "format", _("Format")
        TIME_OF_DAY = "time_of_day", _("Tageszeit")
        DISTANCE = "distance", _("Anfahrtsweg")
        PRICE = "price", _("Zahlungsbereitschaft")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    # The stable variable name (exports, SPSS, conditions, combining versions).
    code = models.SlugField(max_length=50)
    kind = models.CharField(_("Fragetyp"), max_length=12, choices=Kind.choices)
    text = models.JSONField(_("Frage"), default=dict)
    help_text = models.JSONField(_("Hinweis"), default=dict, blank=True)
    requirement = models.CharField(
        _("Antwort"), max_length=10, choices=Requirement.choices, default=Requirement.OPTIONAL
    )
    randomize_choices = models.BooleanField(_("Antworten zufällig ordnen"), default=False)
    allow_other = models.BooleanField(_("mit „Sonstiges“"), default=False)
    # Catalog questions: which vocabulary, and whether several values may be chosen.
    catalog_vocabulary = models.CharField(
        max_length=15, choices=CatalogVocabulary.choices, blank=True
    )
    catalog_multiple = models.BooleanField(default=True)
    # Number questions: allowed range; ranking: how many places (0 = all).
    min_value = models.IntegerField(null=True, blank=True)
    max_value = models.IntegerField(null=True, blank=True)
    # Show the question only if …: {"question": code, "op": "equals"|"not_equals"|"in"|
    # "not_in"|"answered", "value": choice code or list}; {"all": [...]} / {"any": [...]}
    # combine conditions. {} = always shown.
    condition = models.JSONField(_("Bedingung"), default=dict, blank=True)
    # Band questions (age group, town, occupation status, branch) used for cross-tabs.
    is_band = models.BooleanField(_("Merkmal für Kreuztabellen"), default=False)

    class Meta:
        ordering = ["page", "position", "id"]

    def __str__(self):
        return self.code


class Choice(models.Model):
    """An answer option; for matrix questions also a row (``is_row``)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    # Stable value code: numeric codes become SPSS values with value labels.
    code = models.CharField(max_length=50)
    label = models.JSONField(_("Text"), default=dict)
    is_row = models.BooleanField(default=False)
    # Exclusive choices ("keine davon", "weiß nicht") clear the others in multiple choice.
    is_exclusive = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "is_row", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "is_row", "code"], name="survey_choice_code_unique"
            ),
        ]

    def __str__(self):
        return translate(self.label) or self.code


def new_token():
    return secrets.token_urlsafe(16)


class Channel(models.Model):
    """One distribution channel with its own link and QR code (postcard, school, library …)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("Name"), max_length=100)
    token = models.CharField(max_length=40, unique=True, default=new_token)
    is_paper = models.BooleanField(_("Papierfragebogen"), default=False)

    class Meta:
        ordering = ["survey", "name"]

    def __str__(self):
        return self.name


class AccessCode(models.Model):
    """A one-time code for closed groups (a school class). Only its hash is stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="access_codes")
    group = models.CharField(_("Gruppe"), max_length=100, blank=True)
    code_hash = models.CharField(max_length=64, unique=True)
    used_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "group", "id"]

    def __str__(self):
        return f"{self.survey}: {self.group or '–'}"

    # No 0/O, 1/I/L: codes are read off paper and typed by pupils.
    ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

    @staticmethod
    def normalize(code):
        return "".join(ch for ch in str(code).upper() if ch.isalnum())

    @classmethod
    def hash(cls, code):
        return hashlib.sha256(cls.normalize(code).encode()).hexdigest()

    @classmethod
    def generate(cls, survey, count, group=""):
        """Create ``count`` codes for ``group``; returns the plain codes (shown only once)."""
        codes = []
        while len(codes) < count:
            raw = "".join(secrets.choice(cls.ALPHABET) for _ in range(8))
            code = f"{raw[:4]}-{raw[4:]}"
            if code not in codes:
                codes.append(code)
        cls.objects.bulk_create(
            [cls(survey=survey, group=group, code_hash=cls.hash(c)) for c in codes]
        )
        return codes


class Response(models.Model):
    """One respondent's answers. No IP, no user agent, no exact times: days only."""

    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("Papier (nachgetragen)")
        IMPORT = "import", _("importiert")

    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    language = models.CharField(max_length=10, default="de")
    started_on = models.DateField(default=timezone.localdate)
    submitted_on = models.DateField(null=True, blank=True)  # null = unfinished
    # "Continue later": only the hash of the private link's token is stored.
    resume_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Idempotency: the form carries a random key; a second submit with it changes nothing.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    current_page = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["version", "submitted_on"])]

    def __str__(self):
        return f"{self.version} #{self.pk}"

    @property
    def is_complete(self):
        return self.submitted_on is not None


class Answer(models.Model):
    """One value: a chosen option (with matrix row), a number, a text, or a rank.

    Multiple choice stores one Answer per chosen option; "other" is a text with no choice.
    Catalog questions store the vocabulary value's slug in ``value``.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(
        Choice, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    row = models.ForeignKey(
        Choice, on_delete=models.PROTECT, null=True, blank=True, related_name="row_answers"
    )
    value = models.CharField(max_length=100, blank=True)  # catalog vocabulary slug
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self):
        return f"{self.question.code}={self.choice or self.value or self.number or self.text}"


class PrizeDrawEntry(models.Model):
    """Contact for the prize draw, deliberately with no link to any response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="prize_entries")
    name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("E-Mail"))
    entered_on = models.DateField(default=timezone.localdate)
    # SHA-256 of the random ticket the thank-you page handed out (surveys/tickets.py): one
    # entry per submit. The ticket is stored nowhere else, so it links to no response. NULL,
    # not "", for entries without a ticket (typed in by staff): NULLs don't clash as unique.
    ticket_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )

    class Meta:
        ordering = ["survey", "id"]

    def __str__(self):
        return f"{self.survey}: {self.name}"
