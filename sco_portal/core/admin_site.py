"""The one admin site: titled for the portal, with an editors' start page and a Markdown preview."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sco_portal.core.markup import MarkdownTooComplex, render_markdown_within

# The content models on the start page, in the order editors think of them.
CONTENT_MODELS = ["events.Event", "centers.Center", "statements.Statement"]
START_PAGE_ROWS = 10
MAX_PREVIEW_LENGTH = 100_000


class PortalAdminSite(admin.AdminSite):
    site_header = _("SCO Cooperation Portal")
    site_title = _("SCO Cooperation Portal admin")
    index_title = _("Editors’ start page")
    index_template = "admin/portal_index.html"

    def get_urls(self):
        urls = [path("markdown-preview/", self.admin_view(self.markdown_preview), name="markdown_preview")]
        return urls + super().get_urls()

    @staticmethod
    @require_POST
    def markdown_preview(request):
        """The body as the public page will show it, from the same renderer."""
        text = request.POST.get("text", "")
        if len(text) > MAX_PREVIEW_LENGTH:
            return JsonResponse({"error": gettext("The text is too long to preview.")}, status=400)
        try:
            return JsonResponse({"html": render_markdown_within(text)})
        except MarkdownTooComplex as error:
            return JsonResponse({"error": str(error)}, status=400)

    def index(self, request, extra_context=None):
        return super().index(request, {**start_page_context(request), **(extra_context or {})})


def start_page_context(request):
    """Drafts, scheduled items and recent changes across the sections this user may see."""
    sections, drafts, scheduled = [], [], []
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        opts = model._meta
        if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        sections.append(
            {
                "name": opts.verbose_name_plural,
                "add_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
                if request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
                else None,
                "list_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                "add_label": opts.verbose_name,
            }
        )
        drafts += [_row(item) for item in model.objects.drafts().order_by("-updated_at")[:START_PAGE_ROWS]]
        scheduled += [_row(item) for item in model.objects.scheduled().order_by("publish_at")[:START_PAGE_ROWS]]
    drafts.sort(key=lambda row: row["item"].updated_at, reverse=True)
    scheduled.sort(key=lambda row: row["item"].publish_at)
    content_types = ContentType.objects.get_for_models(*(apps.get_model(label) for label in CONTENT_MODELS))
    recent = (
        LogEntry.objects.filter(content_type__in=content_types.values())
        .select_related("user", "content_type")
        .order_by("-action_time")[:START_PAGE_ROWS]
    )
    return {
        "start_sections": sections,
        "start_drafts": drafts[:START_PAGE_ROWS],
        "start_scheduled": scheduled[:START_PAGE_ROWS],
        "start_recent": recent,
    }


def _row(item):
    opts = item._meta
    return {
        "item": item,
        "kind": opts.verbose_name,
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]),
        "preview_url": reverse("preview", args=[opts.app_label, item.pk]),
    }
