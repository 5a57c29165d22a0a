"""What every content item (event, initiative, statement) has in common."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sco_portal.core.markup import render_markdown


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Goes public at `publish_at`: "scheduled" until then, "published" after.
    PUBLISHED = "published", _("Publish at the publish time")


class ContentQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of what the public may see: published and due."""
        return self.filter(status=PublicationStatus.PUBLISHED, publish_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(status=PublicationStatus.PUBLISHED, publish_at__gt=now or timezone.now())

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)

    def search(self, words):
        """Items whose title, summary or body contain every word (case-insensitive)."""
        for word in words:
            self = self.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word))
        return self

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


ContentManager = models.Manager.from_queryset(ContentQuerySet)


class Content(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, help_text=_("The item's address on the site."))
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences, shown in lists and feeds.")
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="%(class)ss", verbose_name=_("topics"))
    countries = models.ManyToManyField(
        "taxonomy.Country", blank=True, related_name="%(class)ss", verbose_name=_("countries")
    )
    sources = models.ManyToManyField(
        "taxonomy.Source", blank=True, related_name="%(class)ss", verbose_name=_("sources")
    )
    status = models.CharField(
        _("publishing state"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish time"), default=timezone.now, help_text=_("A future time schedules the item.")
    )
    featured = models.BooleanField(_("featured"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContentManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self):
        return self.status == PublicationStatus.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def state_label(self):
        if self.status == PublicationStatus.DRAFT:
            return _("Draft")
        if self.publish_at > timezone.now():
            return _("Scheduled")
        return _("Published")
