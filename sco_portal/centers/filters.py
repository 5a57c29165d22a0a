import django_filters
from django.utils.translation import gettext_lazy as _

from sco_portal.centers.models import Center, CenterKind
from sco_portal.core.filters import ContentFilterSet, in_reader_language


class CenterFilterSet(ContentFilterSet):
    year_field = "key_date"
    kind = django_filters.ChoiceFilter(
        label=_("Kind of initiative"),
        choices=in_reader_language(lambda: CenterKind.choices),
        empty_label=_("All kinds"),
    )

    class Meta:
        model = Center
        fields = ["q", "topic", "country", "kind", "year"]
