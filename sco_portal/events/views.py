from django.utils.translation import gettext_lazy as _

from sco_portal.core.views import FilteredListView, PublishedDetailView
from sco_portal.events.filters import EventFilterSet
from sco_portal.events.models import Event


class EventListView(FilteredListView):
    model = Event
    filterset_class = EventFilterSet
    feed_section = "event"
    calendar_name = "events:calendar"
    section_heading = _("Events")
    section_description = _(
        "Events of the SCO’s science and technology cooperation, filterable by topic, country, kind and year."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("country")


class EventDetailView(PublishedDetailView):
    model = Event
    template_name = "events/event_detail.html"
    feed_section = "event"

    def get_queryset(self):
        return super().get_queryset().select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        published = Event.objects.published().only("title", "slug", "start_date", "date_precision")
        # A range on start_date plus the exclusion of the same day's other side, rather than an OR, so the
        # database seeks in the date index and reads one row.
        context["previous_event"] = (
            published.filter(start_date__lte=event.start_date)
            .exclude(start_date=event.start_date, pk__gte=event.pk)
            .order_by("-start_date", "-pk")
            .first()
        )
        context["next_event"] = (
            published.filter(start_date__gte=event.start_date)
            .exclude(start_date=event.start_date, pk__lte=event.pk)
            .order_by("start_date", "pk")
            .first()
        )
        context["related_centers"] = event.centers.published()
        context["related_statements"] = event.statements.published()
        return context
