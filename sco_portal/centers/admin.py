from django.contrib import admin

from sco_portal.centers.models import Center
from sco_portal.core.admin import ContentAdmin, sources_inline


@admin.register(Center)
class CenterAdmin(ContentAdmin):
    list_display = [
        "title",
        "kind",
        "initiative_status",
        "place",
        "key_date",
        "featured",
        "publishing_state",
        "site_link",
    ]
    list_filter = ["kind", "initiative_status", *ContentAdmin.list_filter, "country"]
    date_hierarchy = "key_date"
    autocomplete_fields = [*ContentAdmin.autocomplete_fields, "country"]
    inlines = [sources_inline(Center)]
    list_select_related = ["country"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "initiative_status", "summary", "body"]}),
        ("Host", {"fields": ["city", "country", "host_organization"]}),
        (
            "Milestones",
            {
                "fields": [
                    ("proposed_on", "proposed_precision"),
                    ("launched_on", "launched_precision"),
                    ("opened_on", "opened_precision"),
                ],
                "description": "Events and statements linked to this initiative appear on its timeline too.",
            },
        ),
        ("Tags", {"fields": ["topics", "countries"]}),
        ("Publishing", {"fields": ["status", "publish_at", "featured", "created_at", "updated_at"]}),
    ]
