from django.db.models import Prefetch
from django.utils import timezone
from django.views.generic import DetailView, ListView

from sco_portal.centers.models import Center
from sco_portal.core.filters import tagged
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from sco_portal.taxonomy.feeds import country_feed_links, topic_feed_links
from sco_portal.taxonomy.models import PARTNER_STATUSES, Country, CountryStatus, SCOStatus, Topic, sco_counts

RELATED_LIMIT = 10


def related_content(field_name, value):
    """The newest published items of each section tagged with a topic or country (`field_name` "topics" or
    "countries"), and whether there are more."""
    sections = []
    for key, model, list_url in (
        ("events", Event, "events:list"),
        ("centers", Center, "centers:list"),
        ("statements", Statement, "statements:list"),
    ):
        qs = tagged(model.objects.published(), field_name, value)
        # The section's own order (newest first), which an index keeps, so only the first few rows are read.
        items = list(qs.order_by(*model._meta.ordering)[: RELATED_LIMIT + 1])
        sections.append(
            {
                "key": key,
                "model": model,
                "items": items[:RELATED_LIMIT],
                "more": len(items) > RELATED_LIMIT,
                "list_url": list_url,
            }
        )
    return sections


class CountryListView(ListView):
    template_name = "taxonomy/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        return Country.objects.in_sco_on(timezone.localdate()).prefetch_related(
            Prefetch("statuses", queryset=CountryStatus.objects.order_by("since"))
        )

    def get_context_data(self, **kwargs):
        from sco_portal.taxonomy.map import render_sco_map

        context = super().get_context_data(**kwargs)
        countries = list(context["countries"])
        context["members"] = [c for c in countries if c.sco_status == SCOStatus.MEMBER]
        context["partners"] = [c for c in countries if c.sco_status in PARTNER_STATUSES]
        context["counts"] = sco_counts()
        context["sco_map"] = render_sco_map(
            {c.iso_code: c.sco_status for c in countries}, names={c.iso_code: c.name for c in countries}
        )
        return context


class CountryDetailView(DetailView):
    model = Country
    template_name = "taxonomy/country_detail.html"
    context_object_name = "country"

    def get_queryset(self):
        return Country.objects.prefetch_related(Prefetch("statuses", queryset=CountryStatus.objects.order_by("since")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_status"] = self.object.status_on(timezone.localdate())
        context["sections"] = related_content("countries", self.object)
        context["filter_param"] = ("country", self.object.slug)
        context.update(country_feed_links(self.object))
        return context


class TopicListView(ListView):
    template_name = "taxonomy/topic_list.html"
    context_object_name = "topics"
    queryset = Topic.objects.all()


class TopicDetailView(DetailView):
    model = Topic
    template_name = "taxonomy/topic_detail.html"
    context_object_name = "topic"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = related_content("topics", self.object)
        context["filter_param"] = ("topic", self.object.slug)
        context.update(topic_feed_links(self.object))
        return context
