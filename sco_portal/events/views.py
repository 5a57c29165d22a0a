from django.utils.translation import gettext_lazy as _

from sco_portal.core import reads
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


class EventDetailView(PublishedDetailView):
    model = Event
    template_name = "events/event_detail.html"
    feed_section = "event"

    related = ("country",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        adjacent = reads.adjacent_events(event)
        context.update(
            previous_event=adjacent["previous"],
            next_event=adjacent["next"],
            related_centers=reads.related(event, "centers"),
            related_statements=reads.related(event, "statements", extra=["issuer"]),
        )
        return context
