from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sco_portal.core.addresses import slug_url
from sco_portal.core.dates import DatePrecision, format_span, iso_partial, plausible_date, truncate
from sco_portal.core.models import Content, display
from sco_portal.core.translation import place


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    MINISTERS_MEETING = "ministers_meeting", _("Ministers' meeting")
    MEETING = "meeting", _("Meeting")
    FORUM = "forum", _("Forum")
    UNVEILING = "unveiling", _("Unveiling")
    LAUNCH = "launch", _("Launch")
    FIRST_TRAIN = "first_train", _("First train")
    FOUNDING = "founding", _("Founding")


class Event(Content):
    """Something that happened on a day or a span of days (or in a month or year) at a place."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, db_index=True)
    start_date = models.DateField(
        _("date"), help_text=_("The first day; for a month or a year, any day in it."), validators=[plausible_date]
    )
    date_precision = models.CharField(
        _("date known to"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Only for events over several days."),
        validators=[plausible_date],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    country = models.ForeignKey(
        "taxonomy.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        verbose_name=_("host country"),
    )
    hosts = models.CharField(_("hosts"), max_length=300, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    centers = models.ManyToManyField(
        "centers.Center", blank=True, related_name="events", verbose_name=_("related initiatives")
    )

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # Visible now (published() filters on publish_at and status), covering the feeds' freshness check
            # (count and newest change). publish_at comes first: an index that led with status would look so
            # selective to SQLite's planner that it would sort every published row rather than walk the
            # date order below.
            models.Index(fields=["publish_at", "status", "updated_at"], name="event_visible_idx"),
            models.Index(fields=["-start_date", "-id"], name="event_order_idx"),
            models.Index(fields=["kind", "-start_date", "-id"], name="event_kind_order_idx"),
        ]

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first.")})
        if self.end_date and self.date_precision != DatePrecision.DAY:
            raise ValidationError({"end_date": _("A span of days needs an exact first day.")})

    def save(self, *args, **kwargs):
        self.start_date = truncate(self.start_date, self.date_precision)
        super().save(*args, **kwargs)

    def get_kind_display(self):
        return display(self, "kind")

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    @property
    def date_display(self):
        return format_span(self.start_date, self.date_precision, self.end_date)

    @property
    def date_iso(self):
        return iso_partial(self.start_date, self.date_precision)

    @property
    def place(self):
        return place(self.city, self.country)
