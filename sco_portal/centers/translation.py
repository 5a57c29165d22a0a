from modeltranslation.translator import register

from sco_portal.centers.models import Center
from sco_portal.core.translation import ContentTranslationOptions


@register(Center)
class CenterTranslationOptions(ContentTranslationOptions):
    fields = ("city", "host_organization")
