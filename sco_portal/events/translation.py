from modeltranslation.translator import register

from sco_portal.core.translation import ContentTranslationOptions
from sco_portal.events.models import Event


@register(Event)
class EventTranslationOptions(ContentTranslationOptions):
    fields = ("city", "venue", "hosts", "participants")
