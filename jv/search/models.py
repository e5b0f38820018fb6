"""The search index, the editors' synonym list and the anonymous query log.

The index keeps a copy of every searchable document (``SearchEntry``) with the visibility level
it needs (from ``jv.core.visibility.level_of``); the analysed tokens live in a database-specific
table next to it (SQLite FTS5 or a PostgreSQL tsvector, see ``jv.search.backends``).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from jv.core.visibility import Visibility

QUERY_LOG_RETENTION_DAYS = 180


class SearchEntry(models.Model):
    """One indexed document: the narrow part read for every match (filters, facets, ranking).

    The analysed tokens live in the backend's own table; the texts for snippets in
    ``SearchText``.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=50, db_index=True)
    object_model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("URL"), max_length=1000)
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices, db_index=True)
    weight = models.FloatField(_("weight"), default=1.0)
    themes = models.CharField(
        _("themes"), max_length=2000, blank=True, help_text=_("Theme slugs, separated and surrounded by spaces.")
    )
    analyzer_version = models.CharField(_("analyzer version"), max_length=40)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [models.Index(fields=["object_model", "object_id"], name="search_entry_object")]

    def __str__(self):
        return self.key

    @property
    def theme_slugs(self) -> list[str]:
        return self.themes.split()


class SearchText(models.Model):
    """The texts of an indexed document, for snippets and the spelling vocabulary."""

    entry = models.OneToOneField(SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="text")
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    words = models.TextField(_("words"), blank=True, help_text=_("Words as written, for spelling suggestions."))

    def __str__(self):
        return str(self.entry_id)


class SearchTerm(models.Model):
    """Vocabulary of the index (words as written, accents folded) with document frequency,
    per visibility level: a word counts only for the level of the documents it occurs in, so
    spelling suggestions for a caller come only from documents that caller may see."""

    term = models.CharField(max_length=64)
    level = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    df = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "level"], name="search_term_level_unique")]

    def __str__(self):
        return self.term


class SearchDependency(models.Model):
    """An object that an indexed document was built from besides its own object (an
    organisation named in a gemeente's document, the factors of an intervention, ...).

    Recorded automatically while a document is built (``jv.search.dependencies``); when such an
    object is saved, published, unpublished, deleted or its access changes, every document that
    read it is rebuilt, whatever app it belongs to.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="dependencies")
    object_model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["object_model", "object_id"], name="search_dependency_object")]
        constraints = [
            models.UniqueConstraint(fields=["entry", "object_model", "object_id"], name="search_dependency_unique")
        ]

    def __str__(self):
        return f"{self.entry_id} -> {self.object_model}:{self.object_id}"


class Synonym(models.Model):
    """A group of words that mean the same for our users, applied to queries (no reindexing)."""

    class Kind(models.TextChoices):
        SYNONYM = "synonym", _("Synonyms")
        ABBREVIATION = "abbreviation", _("Abbreviation and its meaning")

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Words or phrases that mean the same, one per line (for example 'LVB' and "
            "'licht verstandelijke beperking'). Searching for one also finds the others."
        ),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SYNONYM)
    one_way = models.BooleanField(
        _("one way only"),
        default=False,
        help_text=_("Only the first term also finds the others, not the other way round."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Why this group exists (for editors)."))
    starter_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("kind"), FieldPanel("one_way"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms and abbreviations")
        ordering = ["terms"]

    def __str__(self):
        return " = ".join(self.term_list())

    def term_list(self) -> list[str]:
        parts = []
        for line in self.terms.replace(",", "\n").replace(";", "\n").splitlines():
            line = " ".join(line.split())
            if line and line.casefold() not in {p.casefold() for p in parts}:
                parts.append(line)
        return parts

    def clean(self):
        from django.core.exceptions import ValidationError

        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": _("Enter at least two terms, one per line.")})
        if any(len(term) > 100 for term in terms):
            raise ValidationError({"terms": _("A term may be at most 100 characters long.")})
        if any("\x00" in term for term in terms):
            raise ValidationError({"terms": _("A term contains an invalid character.")})


class SearchQuery(models.Model):
    """Anonymous query log: the normalised query, how often it was asked and found, per day.

    Nothing about the person searching is stored: no user, no IP address, no session.
    Entries older than 180 days are removed.
    """

    query = models.CharField(_("query"), max_length=200)
    day = models.DateField(_("day"), db_index=True)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    results = models.PositiveIntegerField(_("results"), default=0, help_text=_("Results at the last search."))

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="search_query_day_unique")]

    def __str__(self):
        return self.query

    @classmethod
    def purge(cls, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        cutoff = today - datetime.timedelta(days=QUERY_LOG_RETENTION_DAYS)
        deleted, _details = cls.objects.filter(day__lt=cutoff).delete()
        return deleted


class SearchPassage(models.Model):
    """A part of an indexed document with its embedding, for the semantic index.

    Guide steps, sections of theme and introduction pages, or the whole of a short document
    (``jv.core.searchable.Passage``). ``vector`` holds the passage's embedding (float16 bytes);
    ``text_hash`` identifies the embedded text and the model, so an unchanged passage keeps its
    vector when its document is indexed again. ``visibility`` is the document's level: a passage
    is only a candidate for callers who may see that level.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("URL"), max_length=1000)
    text = models.TextField(_("text"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices)
    emergency = models.BooleanField(_("emergency"), default=False)
    text_hash = models.CharField(_("text hash"), max_length=40, db_index=True)
    vector = models.BinaryField(_("vector"))

    class Meta:
        verbose_name = _("search passage")
        verbose_name_plural = _("search passages")
        ordering = ["entry", "position"]

    def __str__(self):
        return self.title


class SearchIndexState(models.Model):
    """A token that changes with every write to the semantic index (in the same transaction),
    so each worker knows when to reload its in-memory matrix of passage vectors."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=40)

    def __str__(self):
        return f"{self.name}: {self.token}"
