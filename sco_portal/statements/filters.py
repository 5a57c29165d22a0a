import django_filters
from django.utils.translation import gettext_lazy as _

from sco_portal.core.filters import ContentFilterSet, in_reader_language
from sco_portal.statements.models import Statement, StatementKind


class StatementFilterSet(ContentFilterSet):
    year_field = "issued_on"
    kind = django_filters.ChoiceFilter(
        label=_("Kind of statement"),
        choices=in_reader_language(lambda: StatementKind.choices),
        empty_label=_("All kinds"),
    )

    class Meta:
        model = Statement
        fields = ["q", "topic", "country", "kind", "year"]
