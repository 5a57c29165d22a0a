from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.utils import get_translation_fields
from reversion_compare.admin import CompareVersionAdmin

from sco_portal.core.admin import EditConflictAdmin, PortalAdminMixin
from sco_portal.core.inlines import KeepsVanishedRows
from sco_portal.taxonomy.models import Country, CountryStatus, Source, Topic


# Edits are kept as they are for content: a save from a stale form is refused and merged, and each has a
# history with compare, restore and recover (EditConflictAdmin). Names (and a status's note) are edited in
# every language, one field under the other; search and autocomplete match any language, so an editor may
# type a name in Russian or Chinese.
class CountryStatusInline(KeepsVanishedRows, TranslationTabularInline):
    model = CountryStatus
    extra = 1


@admin.register(Country)
class CountryAdmin(PortalAdminMixin, EditConflictAdmin, TranslationAdmin, CompareVersionAdmin):
    list_display = ["name", *get_translation_fields("name")[1:], "iso_code", "current_status"]
    search_fields = [*get_translation_fields("name"), "iso_code"]
    list_filter = ["statuses__status"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CountryStatusInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("statuses")

    @admin.display(description=_("status today"))
    def current_status(self, obj):
        status = obj.status_on()
        return status.get_status_display() if status else "—"


@admin.register(CountryStatus)
class CountryStatusAdmin(PortalAdminMixin, EditConflictAdmin, TranslationAdmin, CompareVersionAdmin):
    list_display = ["country", "status", "since", "note"]
    list_filter = ["status"]
    search_fields = [f"country__{name}" for name in get_translation_fields("name")] + get_translation_fields("note")
    date_hierarchy = "since"
    autocomplete_fields = ["country"]
    list_select_related = ["country"]


@admin.register(Topic)
class TopicAdmin(PortalAdminMixin, EditConflictAdmin, TranslationAdmin, CompareVersionAdmin):
    list_display = ["name", *get_translation_fields("name")[1:], "slug"]
    search_fields = get_translation_fields("name", "description")
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(PortalAdminMixin, EditConflictAdmin, CompareVersionAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "key", "document"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"key": ["title"]}
