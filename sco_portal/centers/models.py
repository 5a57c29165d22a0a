from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sco_portal.core.addresses import slug_url
from sco_portal.core.dates import DatePrecision, format_partial, iso_partial, plausible_date, truncate
from sco_portal.core.models import Content, display
from sco_portal.core.translation import place


class CenterKind(models.TextChoices):
    CENTER = "center", _("Cooperation center")
    PLATFORM = "platform", _("Platform")
    THINK_TANK = "think_tank", _("Think tank")
    WORKSHOP = "workshop", _("Workshop")
    BANK = "bank", _("Bank")
    COMMUNITY = "community", _("Community")
    CORRIDOR = "corridor", _("Corridor")
    PROGRAM = "program", _("Programme")


class CenterStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    LAUNCHED = "launched", _("Launched")
    OPERATING = "operating", _("Operating")


# The labels name a moment ("Launch"), where the statuses above name a state ("Launched").
MILESTONES = (
    ("proposed_on", "proposed_precision", pgettext_lazy("initiative milestone", "Proposed")),
    ("launched_on", "launched_precision", pgettext_lazy("initiative milestone", "Launched")),
    ("opened_on", "opened_precision", pgettext_lazy("initiative milestone", "Opened")),
)


class Center(Content):
    """An initiative that lasts: a center, platform, think tank, workshop, bank, community or corridor."""

    kind = models.CharField(_("kind"), max_length=20, choices=CenterKind.choices, db_index=True)
    initiative_status = models.CharField(_("status"), max_length=20, choices=CenterStatus.choices)
    city = models.CharField(_("host city"), max_length=100, blank=True)
    country = models.ForeignKey(
        "taxonomy.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_centers",
        verbose_name=_("host country"),
    )
    host_organization = models.CharField(_("host organization"), max_length=200, blank=True)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True, validators=[plausible_date])
    proposed_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    launched_on = models.DateField(_("launched on"), null=True, blank=True, validators=[plausible_date])
    launched_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    opened_on = models.DateField(_("opened on"), null=True, blank=True, validators=[plausible_date])
    opened_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    # The earliest known milestone, kept for sorting and the year filter (set on save).
    key_date = models.DateField(_("date"), null=True, blank=True, editable=False)
    key_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, editable=False
    )

    class Meta:
        ordering = ["-key_date", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            # See Event.Meta: publish_at first, and covering the feeds' freshness check.
            models.Index(fields=["publish_at", "status", "updated_at"], name="center_visible_idx"),
            models.Index(fields=["-key_date", "title"], name="center_order_idx"),
            models.Index(fields=["kind", "-key_date"], name="center_kind_order_idx"),
            # Partial: the home page's few featured initiatives, newest first ("WHERE featured" can use no other index).
            models.Index(fields=["-key_date"], name="center_featured_idx", condition=models.Q(featured=True)),
            # Each milestone is a stream of its own in the timeline, read newest first.
            models.Index(fields=["-proposed_on", "-id"], name="center_proposed_idx"),
            models.Index(fields=["-launched_on", "-id"], name="center_launched_idx"),
            models.Index(fields=["-opened_on", "-id"], name="center_opened_idx"),
        ]

    def save(self, *args, **kwargs):
        for date_field, precision_field, _label in MILESTONES:
            setattr(self, date_field, truncate(getattr(self, date_field), getattr(self, precision_field)))
        known = sorted(
            (getattr(self, date_field), getattr(self, precision_field))
            for date_field, precision_field, _label in MILESTONES
            if getattr(self, date_field)
        )
        self.key_date, self.key_precision = known[0] if known else (None, DatePrecision.DAY)
        super().save(*args, **kwargs)

    def get_kind_display(self):
        return display(self, "kind")

    def get_initiative_status_display(self):
        return display(self, "initiative_status")

    def get_absolute_url(self):
        return slug_url("centers:detail", self.slug)

    @property
    def place(self):
        return place(self.city, self.country)

    def milestones(self):
        """The initiative's own dated milestones (proposed, launched, opened) that are known."""
        result = []
        for date_field, precision_field, label in MILESTONES:
            value = getattr(self, date_field)
            if value:
                precision = getattr(self, precision_field)
                result.append(
                    {
                        "label": label,
                        "date": value,
                        "precision": precision,
                        "display": format_partial(value, precision),
                        "iso": iso_partial(value, precision),
                    }
                )
        return result

    @property
    def date_display(self):
        return format_partial(self.key_date, self.key_precision)

    @property
    def date_iso(self):
        return iso_partial(self.key_date, self.key_precision)
