import django_filters
from django.utils.translation import gettext_lazy as _

from sco_portal.core.filters import ContentFilterSet, in_reader_language
from sco_portal.events.models import Event, EventKind


class EventFilterSet(ContentFilterSet):
    year_field = "start_date"
    kind = django_filters.ChoiceFilter(
        label=_("Kind of event"), choices=in_reader_language(lambda: EventKind.choices), empty_label=_("All kinds")
    )

    class Meta:
        model = Event
        fields = ["q", "topic", "country", "kind", "year"]
