"""What every content item (event, initiative, statement) has in common."""

import functools
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

MAX_REVISION = 2**31 - 2  # fits PostgreSQL's integer


@functools.cache
def _choice_labels(field, language):
    """{value: label} of `field`'s choices, translated into `language` once: a lazy label is translated
    again on every use, and a page shows dozens."""
    with translation.override(language):
        return {value: str(label) for value, label in field.flatchoices}


def choice_label(model, name, value, language=None):
    """The label of `value` among the choices of `model`'s field `name`, in the active language (or
    `language`); the value itself if it is not one of them."""
    return _choice_labels(model._meta.get_field(name), language or translation.get_language()).get(value, str(value))


def display(instance, name):
    """What Django's `get_<name>_display()` gives: the label of the field's value in the active language.

    Django's own builds a hashable copy of every choice on each call, translating every label to
    hash it; a feed asks this a hundred times. The content models define their `get_kind_display()`
    (and an initiative its `get_initiative_status_display()`) with this instead.
    """
    return choice_label(type(instance), name, getattr(instance, instance._meta.get_field(name).attname))


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
        """Items whose title, summary or body contain every word (case-insensitive), in the reader's language or
        in English."""
        from sco_portal.core.search_index import SEARCHED_FIELDS, words_match
        from sco_portal.core.translation import contains, reading_order

        columns = [
            build_localized_fieldname(field, language) for language in reading_order() for field in SEARCHED_FIELDS
        ]
        for word in words:
            indexed = words_match(self.model, word, columns, using=self.db)
            if indexed is not None:
                self = self.filter(pk__in=indexed)
            else:
                self = self.filter(contains("title", word) | contains("summary", word) | contains("body", word))
        return self

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


ContentManager = models.Manager.from_queryset(ContentQuerySet)


class KeepsFormerSlugs(models.Model):
    """A model whose pages live at its slug: when the slug changes, the old one keeps answering with a
    permanent redirect (`SlugRedirect`), for its page, its feeds and calendars, and filters naming it."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = getattr(instance, "slug", None) if "slug" in field_names else None
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        old_slug = getattr(self, "_loaded_slug", None)
        if old_slug != self.slug:
            SlugRedirect.record(self, old_slug)
            self._loaded_slug = self.slug


def cited_source(citation):
    """An item's citation of a source (a row of its sources), named by the source."""
    return str(citation.source)


class Content(KeepsFormerSlugs):
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
    # When readers were last told of a substantive change (a change note); minor corrections leave it.
    public_updated_at = models.DateTimeField(_("last public update"), null=True, blank=True, editable=False)
    # Changes with every save: the admin refuses a save made from an older revision (no lost edits).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    change_notes = GenericRelation("core.ChangeNote")

    objects = ContentManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from sco_portal.core.translation import render_bodies

        rendered = render_bodies(self)
        if self.pk:
            # A fresh random token rather than a counter: restoring an old version from the history
            # brings back that version's token, and a counter would then repeat itself.
            previous = self.revision
            while self.revision == previous:
                self.revision = secrets.randbelow(MAX_REVISION) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "revision", *rendered}
        # The original columns (title, summary, ...) are written in the active language; keep them English
        # whatever language the save happens in, so code that reads them raw reads the text of record.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)

    @property
    def last_public_change(self):
        """When the item last changed for its readers: publication, or its newest change note."""
        return max(filter(None, [self.publish_at, self.public_updated_at]))

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


def content_models():
    """Every concrete kind of content (the three sections), present or future."""
    return [model for model in apps.get_models() if issubclass(model, Content)]


class ChangeNote(models.Model):
    """A short public note about a substantive change to a published item ("Updates to this page")."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=300)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"], name="changenote_item_idx")]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")

    def __str__(self):
        return self.note


class SlugRedirect(models.Model):
    """An item's former address, answered with a permanent redirect to where it lives now."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    old_slug = models.SlugField(max_length=200)
    object_id = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="slugredirect_unique_old_slug")
        ]
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.old_slug

    @classmethod
    def record(cls, item, old_slug):
        """Remember `old_slug` for `item`. A redirect from its new slug to itself goes (it lives there again);
        one to another item stays, as the item at a slug is always shown first and a draft that takes a
        former slug must not break the old address of the item that had it."""
        content_type = ContentType.objects.get_for_model(item)
        cls.objects.filter(content_type=content_type, old_slug=item.slug, object_id=item.pk).delete()
        if old_slug:
            cls.objects.update_or_create(content_type=content_type, old_slug=old_slug, defaults={"object_id": item.pk})

    @classmethod
    def target(cls, model, slug):
        """The item that once lived at `slug`, or None."""
        content_type = ContentType.objects.get_for_model(model)
        object_id = (
            cls.objects.filter(content_type=content_type, old_slug=slug).values_list("object_id", flat=True).first()
        )
        return model._default_manager.filter(pk=object_id).first() if object_id else None

    @classmethod
    def moved(cls, model, slug):
        """The public item of `model` that once lived at `slug`, when nothing public lives there now, or None."""
        shown = model._default_manager.all()
        if hasattr(shown, "published"):  # content; every topic and country is public
            shown = shown.published()
        if not slug or shown.filter(slug=slug).exists():
            return None
        target = cls.target(model, slug)
        return target if target is not None and getattr(target, "is_public", True) else None

    @classmethod
    def moved_query(cls, query, params):
        """`query` (a QueryDict) with the former slugs among `params` ({name: model}) replaced by the current
        ones, or None when none of them has moved."""
        moved, changed = query.copy(), False
        for name, model in params.items():
            target = cls.moved(model, query.get(name))
            if target is not None:
                moved[name], changed = target.slug, True
        return moved if changed else None
