from django.contrib import admin

from sco_portal.core.admin import ContentAdmin, sources_inline
from sco_portal.events.models import Event


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ["title", "kind", "date_display", "place", "publishing_state", "site_link"]
    list_filter = ["kind", *ContentAdmin.list_filter, "country"]
    date_hierarchy = "start_date"
    autocomplete_fields = [*ContentAdmin.autocomplete_fields, "country", "centers"]
    inlines = [sources_inline(Event)]
    list_select_related = ["country"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        ("When and where", {"fields": ["start_date", "date_precision", "end_date", "city", "venue", "country"]}),
        ("Who and what", {"fields": ["hosts", "participants", "topics", "countries", "centers"]}),
        ("Publishing", {"fields": ["status", "publish_at", "featured", "created_at", "updated_at"]}),
    ]
