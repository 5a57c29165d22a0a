from django.utils.translation import gettext_lazy as _

from sco_portal.core import reads
from sco_portal.core.views import FilteredListView, PublishedDetailView
from sco_portal.statements.filters import StatementFilterSet
from sco_portal.statements.models import Statement


class StatementListView(FilteredListView):
    model = Statement
    filterset_class = StatementFilterSet
    feed_section = "statement"
    section_heading = _("Statements")
    section_description = _(
        "Declarations, statements, speeches and action plans on the SCO’s science and technology cooperation, "
        "filterable by topic, country, kind and year."
    )


class StatementDetailView(PublishedDetailView):
    model = Statement
    template_name = "statements/statement_detail.html"
    feed_section = "statement"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.object
        context["event"] = statement.event if statement.event_id and statement.event.is_public else None
        context["related_centers"] = reads.related(statement, "centers")
        return context
