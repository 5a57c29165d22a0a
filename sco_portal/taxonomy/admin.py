from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sco_portal.taxonomy.models import Country, CountryStatus, Source, Topic


class CountryStatusInline(admin.TabularInline):
    model = CountryStatus
    extra = 1


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "current_status"]
    search_fields = ["name", "iso_code"]
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
class CountryStatusAdmin(admin.ModelAdmin):
    list_display = ["country", "status", "since", "note"]
    list_filter = ["status"]
    search_fields = ["country__name", "note"]
    date_hierarchy = "since"
    autocomplete_fields = ["country"]
    list_select_related = ["country"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "key", "document"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"key": ["title"]}
