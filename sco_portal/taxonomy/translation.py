"""Country and topic names (and a topic's description, a status's note) in every language.

Sources are not translated: their titles are the publisher's own. Names are unique, so an
untranslated name is stored as NULL rather than an empty string that two rows could share.
"""

from modeltranslation.translator import TranslationOptions, register

from sco_portal.taxonomy.models import Country, CountryStatus, Topic


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    empty_values = None


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)
    empty_values = {"name": None, "description": ""}


@register(CountryStatus)
class CountryStatusTranslationOptions(TranslationOptions):
    fields = ("note",)
