from django.db import models
from django.utils.translation import gettext_lazy as _

from sco_portal.core.addresses import slug_url
from sco_portal.core.dates import DatePrecision, format_partial, iso_partial, plausible_date, truncate
from sco_portal.core.models import Content, display


class StatementKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    STATEMENT = "statement", _("Statement")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    SPEECH = "speech", _("Speech")
    ACTION_PLAN = "action_plan", _("Action plan")
    REMARKS = "remarks", _("Remarks")


class Statement(Content):
    """What an official body or person said or adopted on a date."""

    kind = models.CharField(_("kind"), max_length=20, choices=StatementKind.choices, db_index=True)
    issuer = models.CharField(
        _("issuer"),
        max_length=200,
        help_text=_("For a speech or remarks, the person as “Name, office”; otherwise the body that issued it."),
    )
    issued_on = models.DateField(_("date"), validators=[plausible_date])
    date_precision = models.CharField(
        _("date known to"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        verbose_name=_("event"),
    )
    centers = models.ManyToManyField(
        "centers.Center", blank=True, related_name="statements", verbose_name=_("related initiatives")
    )
    key_points = models.TextField(_("key points"), blank=True, help_text=_("One point per line."))

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            # See Event.Meta: publish_at first, and covering the feeds' freshness check.
            models.Index(fields=["publish_at", "status", "updated_at"], name="statement_visible_idx"),
            models.Index(fields=["-issued_on", "-id"], name="statement_order_idx"),
            models.Index(fields=["kind", "-issued_on", "-id"], name="statement_kind_order_idx"),
        ]

    def save(self, *args, **kwargs):
        self.issued_on = truncate(self.issued_on, self.date_precision)
        super().save(*args, **kwargs)

    def get_kind_display(self):
        return display(self, "kind")

    def get_absolute_url(self):
        return slug_url("statements:detail", self.slug)

    @property
    def date_display(self):
        return format_partial(self.issued_on, self.date_precision)

    @property
    def date_iso(self):
        return iso_partial(self.issued_on, self.date_precision)

    @property
    def key_point_list(self):
        return [line.strip(" -•\t") for line in self.key_points.splitlines() if line.strip(" -•\t")]
