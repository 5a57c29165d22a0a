from django.utils.translation import gettext_lazy as _

from sco_portal.centers.filters import CenterFilterSet
from sco_portal.centers.models import Center
from sco_portal.core.timeline import center_timeline
from sco_portal.core.views import FilteredListView, PublishedDetailView


class CenterListView(FilteredListView):
    model = Center
    filterset_class = CenterFilterSet
    feed_section = "center"
    section_heading = _("Initiatives")
    section_description = _(
        "Centers, platforms and other lasting initiatives of the SCO’s science and technology cooperation, "
        "filterable by topic, country, kind and year."
    )


class CenterDetailView(PublishedDetailView):
    model = Center
    template_name = "centers/center_detail.html"
    feed_section = "center"

    related = ("country",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["milestones"] = center_timeline(self.object)
        return context
