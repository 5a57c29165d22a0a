from modeltranslation.translator import register

from sco_portal.core.translation import ContentTranslationOptions
from sco_portal.statements.models import Statement


@register(Statement)
class StatementTranslationOptions(ContentTranslationOptions):
    fields = ("issuer", "key_points")
