from django.contrib import admin
from modeltranslation.utils import get_translation_fields

from sco_portal.core.admin import ContentAdmin, sources_inline
from sco_portal.statements.models import Statement


@admin.register(Statement)
class StatementAdmin(ContentAdmin):
    list_display = ["title", "kind", "issuer", "date_display", "publishing_state", "site_link"]
    list_filter = ["kind", *ContentAdmin.list_filter]
    date_hierarchy = "issued_on"
    search_fields = [*ContentAdmin.search_fields, *get_translation_fields("issuer", "key_points")]
    autocomplete_fields = [*ContentAdmin.autocomplete_fields, "event", "centers"]
    inlines = [sources_inline(Statement)]
    list_select_related = ["event"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "issuer", "summary", "key_points", "body"]}),
        ("When", {"fields": ["issued_on", "date_precision", "event"]}),
        ("Tags", {"fields": ["topics", "countries", "centers"]}),
        ("Publishing", {"fields": ["status", "publish_at", "featured", "created_at", "updated_at"]}),
    ]
