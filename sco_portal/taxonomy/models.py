"""Countries with their SCO status over time, topics, and the sources content cites."""

import datetime

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion import register as under_revision_control

from sco_portal.core.addresses import slug_url
from sco_portal.core.dates import plausible_date
from sco_portal.core.models import KeepsFormerSlugs


class SCOStatus(models.TextChoices):
    MEMBER = "member", _("Member state")
    OBSERVER = "observer", _("Observer state")
    DIALOGUE_PARTNER = "dialogue_partner", _("Dialogue partner")
    # Since the 2025 Tianjin summit observers and dialogue partners are one category.
    PARTNER = "partner", _("SCO partner")


PARTNER_STATUSES = (SCOStatus.OBSERVER, SCOStatus.DIALOGUE_PARTNER, SCOStatus.PARTNER)


class NaturalKeyQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CountryQuerySet(NaturalKeyQuerySet):
    def with_status_on(self, date=None):
        """Annotate each country with `sco_status`: the status that applied on `date` (today by default)."""
        date = date or timezone.localdate()
        latest = CountryStatus.objects.filter(country=OuterRef("pk"), since__lte=date).order_by("-since", "-pk")
        return self.annotate(sco_status=Subquery(latest.values("status")[:1]))

    def in_sco_on(self, date=None):
        return self.with_status_on(date).exclude(sco_status__isnull=True)


# Under revision control (django-reversion) so that an item's history names what it was tagged with.
@under_revision_control()
class Country(KeepsFormerSlugs):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    iso_code = models.CharField(
        _("ISO 3166-1 alpha-2 code"), max_length=2, unique=True, help_text=_("Two capital letters, e.g. KZ.")
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return slug_url("taxonomy:country_detail", self.slug)

    def status_on(self, date=None):
        """The status in force on `date`, from the history already loaded when it was prefetched."""
        date = date or timezone.localdate()
        current = None
        for entry in sorted(self.statuses.all(), key=lambda s: (s.since, s.pk or 0)):
            if entry.since <= date:
                current = entry
        return current


class CountryStatusManager(models.Manager):
    def get_by_natural_key(self, country_slug, since):
        return self.get(country__slug=country_slug, since=datetime.date.fromisoformat(since))


class CountryStatus(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("country"))
    status = models.CharField(_("status"), max_length=20, choices=SCOStatus.choices)
    since = models.DateField(_("since"), help_text=_("The day this status took effect."), validators=[plausible_date])
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Where or how it was decided."))

    objects = CountryStatusManager()

    class Meta:
        ordering = ["country", "since"]
        verbose_name = _("SCO status")
        verbose_name_plural = _("SCO status history")
        constraints = [
            models.UniqueConstraint(fields=["country", "since"], name="unique_country_status_per_day"),
        ]
        indexes = [models.Index(fields=["since"], name="countrystatus_since_idx")]

    def __str__(self):
        return f"{self.country}: {self.get_status_display()} since {self.since:%Y-%m-%d}"

    def natural_key(self):
        return (*self.country.natural_key(), self.since.isoformat())

    natural_key.dependencies = ["taxonomy.country"]


def sco_counts(date=None):
    """How many member states and partners (observers and dialogue partners included) the SCO had on `date`."""
    counts = {status: 0 for status in SCOStatus.values}
    for row in Country.objects.in_sco_on(date).values("sco_status"):
        counts[row["sco_status"]] += 1
    members = counts[SCOStatus.MEMBER]
    partners = sum(counts[s] for s in PARTNER_STATUSES)
    return {
        "members": members,
        "observers": counts[SCOStatus.OBSERVER],
        "dialogue_partners": counts[SCOStatus.DIALOGUE_PARTNER],
        "sco_partners": counts[SCOStatus.PARTNER],
        "partners": partners,
        "total": members + partners,
    }


# Under revision control (django-reversion) so that an item's history names what it was tagged with.
@under_revision_control()
class Topic(KeepsFormerSlugs):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return slug_url("taxonomy:topic_detail", self.slug)


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, key):
        return self.get(key=key)


# Under revision control (django-reversion) so that an item's history names what it was tagged with.
@under_revision_control()
class Source(models.Model):
    """A document content is drawn from: publisher, title, date and link as the document gives them."""

    key = models.SlugField(_("key"), max_length=100, unique=True, help_text=_("A short unique name for citing it."))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    published_on = models.DateField(_("published on"), null=True, blank=True, validators=[plausible_date])
    url = models.URLField(_("link"), max_length=500, blank=True)
    document = models.CharField(
        _("document"), max_length=200, blank=True, help_text=_("The archived copy this was read from, if any.")
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def natural_key(self):
        return (self.key,)
