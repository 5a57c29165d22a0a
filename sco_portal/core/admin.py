"""The admin's shared pieces: one site title, and the base every content admin builds on."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sco_portal.core.models import PublicationStatus



class PublishingStateFilter(admin.SimpleListFilter):
    title = _("publishing state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("Draft")), ("scheduled", _("Scheduled")), ("published", _("Published"))]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.drafts()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        return queryset


def sources_inline(model):
    """An inline listing the sources an item cites, picked by autocomplete."""
    return type(
        f"{model.__name__}SourceInline",
        (admin.TabularInline,),
        {
            "model": model.sources.through,
            "extra": 1,
            "autocomplete_fields": ["source"],
            "verbose_name": _("source"),
            "verbose_name_plural": _("sources"),
        },
    )


class ContentAdmin(admin.ModelAdmin):
    list_filter = [PublishingStateFilter, "featured", "topics"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "countries"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    save_on_top = True

    @admin.display(description=_("state"), ordering="publish_at")
    def publishing_state(self, obj):
        if obj.status == PublicationStatus.PUBLISHED and obj.publish_at > timezone.now():
            return _("Scheduled for %(time)s") % {"time": timezone.localtime(obj.publish_at).strftime("%Y-%m-%d %H:%M")}
        return obj.state_label
