"""The search index: one document per published offer, its upcoming runs, and its words.

Derived from the catalogue by `index.py` in the same transaction as every write that changes
an offer, its codes, runs or organisers; `mestring search reindex` rebuilds it and
`mestring search kontroller` reports drift.
"""

from django.db import models


class SearchDocument(models.Model):
    """What the search reads of a published offer: folded text and ready-made filter values."""

    # By name: catalogue/models.py imports this module, so that the app holds these models.
    # The whole folded text while a document is built (index.py); stored in SearchText.
    full_text: str

    offer = models.OneToOneField(
        "catalogue.Offer",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    # The words are in `SearchText`, kept apart so that this table of filter values stays
    # narrow: every question with a filter reads many of its rows.
    title_sort = models.CharField(max_length=300)
    level = models.CharField(max_length=10, blank=True)
    main_target_group = models.CharField(max_length=30, blank=True)
    age_group = models.CharField(max_length=20, blank=True)
    # Bits of the main and other target groups, and of the audiences (`audience.py`).
    target_groups = models.BigIntegerField(default=0)
    audiences = models.BigIntegerField(default=0)
    free = models.BooleanField(default=False)
    without_referral = models.BooleanField(default=False)
    interpreter = models.BooleanField(default=False)
    sami = models.BooleanField(default=False)
    # Where a regional offer reaches (see catalogue.reach): one of them is set.
    reach_trust = models.CharField(max_length=9, blank=True, db_index=True)
    reach_region = models.CharField(max_length=30, blank=True)
    reach_county = models.CharField(max_length=2, blank=True)
    # The next start of a planned run, of any kind and per kind, as of `indexed_on`.
    next_start = models.DateField(null=True, db_index=True)
    next_physical = models.DateField(null=True)
    next_live = models.DateField(null=True)
    next_self_study = models.DateField(null=True)
    indexed_on = models.DateField(db_index=True)
    # Set by `index.build` for the rows written beside the document (not columns here): the
    # folded title, tags and whole text (`SearchText`) and the card (`SearchCard`).
    words: tuple[str, str, str]
    card_facts: dict

    class Meta:
        indexes = [
            models.Index(fields=["level", "reach_region"]),
            models.Index(fields=["reach_county"]),
        ]

    def __str__(self) -> str:
        return self.title_sort

    @property
    def fingerprint(self) -> tuple:
        return tuple(getattr(self, f.attname) for f in self._meta.concrete_fields)


class SearchText(models.Model):
    """The folded words of a document: its title, its tags, and all of it as one text.

    Folded means lower case, accents off, æøå kept. The tags are the names of its codes
    (diagnoses, target groups, languages) and of its organisers and places. `text` is
    matched through a GIN index on a generated `tsvector` column on PostgreSQL and an FTS5
    table on SQLite (migration 0005); `title` and `tags`, which ranking weighs, through GIN
    indexes on their words and an FTS5 table (migration 0007). All hold whole words.
    """

    document = models.OneToOneField(
        SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="fulltext"
    )
    title = models.TextField(default="")
    tags = models.TextField(default="")
    text = models.TextField()

    def __str__(self) -> str:
        return self.text[:60]


class SearchCard(models.Model):
    """What a result card shows of the offer (`cards.py`): a page of results reads no offers."""

    document = models.OneToOneField(
        SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="card"
    )
    card = models.JSONField()

    def __str__(self) -> str:
        return self.card.get("tittel", "")


class SearchSlot(models.Model):
    """A planned run that had not started when the offer was indexed: dates and places."""

    offer = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="slots")
    start = models.DateField()
    municipality = models.CharField(max_length=4, blank=True)
    format = models.CharField(max_length=25, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "start"]),
            models.Index(fields=["start"]),
        ]

    def __str__(self) -> str:
        return f"{self.start} {self.municipality}"


class SearchPlace(models.Model):
    """A municipality an offer is held in: any run's place, or a local provider's home."""

    offer = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="places")
    municipality = models.CharField(max_length=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "municipality"], name="searchplace_unique")
        ]
        indexes = [models.Index(fields=["municipality", "offer"])]

    def __str__(self) -> str:
        return self.municipality


class SearchPathway(models.Model):
    """A patient pathway (collaboration.Pathway code) an offer belongs to, in any phase."""

    offer = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="pathways")
    pathway = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "pathway"], name="searchpathway_unique")
        ]
        indexes = [models.Index(fields=["pathway", "offer"])]

    def __str__(self) -> str:
        return self.pathway


class SearchWord(models.Model):
    """A folded word of the indexed text: the vocabulary for spelling suggestions."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self) -> str:
        return self.word


class SearchState(models.Model):
    """One row: a counter every index write increases (cache keys follow it), and when."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return str(self.version)
