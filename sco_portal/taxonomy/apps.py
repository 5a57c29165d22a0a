from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "sco_portal.taxonomy"
    verbose_name = _("Countries, topics and sources")
