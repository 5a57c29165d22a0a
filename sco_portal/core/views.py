from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from sco_portal.core import reads, search, timeline
from sco_portal.core.counts import CountedPaginator, remember
from sco_portal.core.feeds import (
    NO_EVENTS,
    cleaned_key,
    filter_query,
    in_use,
    latest_feed_links,
    read_only,
    section_feed_links,
    webcal,
)
from sco_portal.core.filters import MAX_QUERY_LENGTH, TimelineFilterSet, search_words
from sco_portal.core.former_addresses import moved_filters
from sco_portal.core.models import SlugRedirect
from sco_portal.core.templatetags.portal import activity_svg, path_in_language
from sco_portal.taxonomy.models import sco_counts


def page_number(request, paginator):
    """The page asked for: a number, or "last" as Django's list views take it."""
    number = request.GET.get("page") or 1
    return paginator.num_pages if number == "last" else number


def query_around_page(query):
    """(before, after) such that before + str(n) + after is `query` with its page set to n, urlencoded:
    the page where it is, or last; encoded once rather than for every page a list links to."""
    query = query.copy()
    query["page"] = "0"
    parts = query.urlencode().split("&")  # every "&" inside a name or value is percent-encoded
    at = parts.index("page=0")  # the one "page" left
    return "&".join([*parts[:at], "page="]), "&".join(["", *parts[at + 1 :]]) if at + 1 < len(parts) else ""


def drawn_chart(activity, filters):
    """The timeline's activity chart (timeline.activity_chart) with its SVG drawn (`svg`), in the reader's
    language; kept with the counts it shows (core/counts.py), as every page of the same filters has it."""

    def draw():
        chart = timeline.activity_chart(activity)
        chart["svg"] = activity_svg(chart)
        chart["legend"] = [{**entry, "label": str(entry["label"])} for entry in chart["legend"]]
        return chart

    return remember("timeline-chart", timeline.filters_key(filters), draw) if activity else None


class FilteredListMixin:
    """Binds the section's FilterSet to the query string; invalid filters answer 400 with the reasons."""

    filterset_class = None
    feed_section = None  # "event", "center" or "statement"; None means the feed of everything
    calendar_name = None  # a calendar of what the list shows, with its filters (events:calendar)

    def get_filterset(self, queryset):
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def filter_context(self):
        filterset = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        active = []
        for name, label, value in filterset.active_filters():
            remaining = query.copy()
            remaining.pop(name, None)
            active.append({"name": name, "label": label, "value": value, "remove_query": remaining.urlencode()})
        # Only the filters: a feed or calendar address carries no page number, utm_source or the like.
        feed_query = urlencode(filter_query(query)) if not self.filters_invalid else ""
        context = {
            "filterset": filterset,
            "filters_invalid": self.filters_invalid,
            "active_filters": active,
            "filter_description": filterset.describe(),
            "query_without_page": query.urlencode(),
        }
        if self.feed_section:
            context.update(section_feed_links(self.feed_section, filterset, feed_query))
        else:
            context.update(latest_feed_links(filterset, feed_query))
        if self.calendar_name and not self.filters_invalid:
            address = reverse(self.calendar_name) + (f"?{feed_query}" if feed_query else "")
            context["calendar_url"] = webcal(self.request.build_absolute_uri(address))
        return context


class ListKeys:
    """A section list's primary keys in its order, as its FilterSet's queryset has them, read a page at a time
    with SQL written out (core.reads.list_keys): for the filters by topic, country, kind and year. Counted by
    the ORM, as the count is kept (core/counts.py)."""

    def __init__(self, filterset, filters):
        self.filterset, self.filters = filterset, filters
        self.model = filterset._meta.model

    def count(self):
        return self.filterset.qs.count()

    def __getitem__(self, page):
        year_field = self.filterset.year_field
        return reads.list_keys(self.model, year_field, self.filters, page.stop - page.start, page.start)


class FilteredListView(FilteredListMixin, ListView):
    paginate_by = settings.PORTAL_PAGE_SIZE
    template_name = "core/section_list.html"
    section_heading = ""
    section_description = ""

    def get_queryset(self):
        return self.model.objects.published()

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_queryset())
        self.filters_invalid = self.filterset.is_bound and not self.filterset.is_valid()
        if self.filters_invalid and (moved := moved_filters(request)):
            return moved
        # The page's primary keys, in the filters' order; the rows are read by them (get_context_data).
        filters = {} if self.filters_invalid or not self.filterset.is_bound else in_use(self.filterset.form)
        if not self.filters_invalid and set(filters) <= set(reads.LIST_FILTERS):
            self.object_list = ListKeys(self.filterset, filters)
        else:
            found = self.model.objects.none() if self.filters_invalid else self.filterset.qs
            self.object_list = found.values_list("pk", flat=True)
        context = self.get_context_data()
        return self.render_to_response(context, status=400 if self.filters_invalid else 200)

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.filters_invalid:
            count = 0
        else:
            filters = cleaned_key(self.filterset.form) if self.filterset.is_bound else ()
            count = remember("list", (self.model._meta.label, filters), queryset.count)
        return CountedPaginator(queryset, per_page, count=count, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's items as plain values with their topics (core/reads.py): two queries, no model instances.
        items = timeline.list_cards(self.model, list(context["object_list"]))
        context["page_obj"].object_list = context["object_list"] = items
        context.update(self.filter_context())
        context.update(section_heading=self.section_heading, section_description=self.section_description)
        return context


class PublishedDetailView(DetailView):
    """One published item; drafts and scheduled items are 404 to the public.

    An item's former slugs answer 301 to where it lives now. With `preview=True` (the staff-only
    preview in core/preview.py) any item is shown, found by primary key.
    """

    feed_section = None
    preview = False
    related = ()  # foreign keys the page shows, read with the item (select_related)

    def get_queryset(self):
        queryset = self.model.objects.all() if self.preview else self.model.objects.published()
        return queryset.select_related(*self.related)

    def get_object(self, queryset=None):
        """The published item the address names, read with SQL written out (core.reads.published_by_slug):
        what the ORM would load, at an eighth of its cost. A staff preview goes the ORM's way, by key."""
        if self.preview or queryset is not None or self.slug_url_kwarg not in self.kwargs:
            return super().get_object(queryset)
        item = reads.published_by_slug(self.model, self.kwargs[self.slug_url_kwarg], self.related)
        if item is None:
            raise Http404(f"No published {self.model._meta.model_name} has this address.")  # the page doesn't show it
        return item

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = None if self.preview else SlugRedirect.moved(self.model, kwargs.get("slug", ""))
            if moved is not None:
                return redirect(moved.get_absolute_url(), permanent=True)
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(section_feed_links(self.feed_section))
        # Read as plain values with SQL written out (core/reads.py): a quarter of what the ORM's
        # prefetching costs, and the page's most frequent queries.
        item = self.object
        context.update(
            topics=reads.tags(item, "topics"),
            countries=reads.tags(item, "countries"),
            sources=reads.sources(item),
            change_notes=reads.change_notes(item),
            preview=self.preview,
        )
        if self.preview:
            opts = self.model._meta
            change = f"admin:{opts.app_label}_{opts.model_name}_change"
            context["admin_change_url"] = reverse(change, args=[self.object.pk])
        return context


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "latest": timeline.latest_items(limit=8),
                "upcoming": reads.upcoming_events(today, 5),
                "featured": reads.featured_centers(6),
                "counts": remember("sco-counts", today.isoformat(), lambda: sco_counts(today)),
                "founding_year": settings.SCO_FOUNDING_YEAR,
                "today": today,
                "home_json_ld": {
                    "@context": "https://schema.org",
                    "@type": "WebSite",
                    "name": settings.PORTAL_NAME,
                    "url": self.request.build_absolute_uri(reverse("home")),
                    "potentialAction": {
                        "@type": "SearchAction",
                        "target": self.request.build_absolute_uri(reverse("search")) + "?q={query}",
                        "query-input": "required name=query",
                    },
                },
            }
        )
        return context


@read_only
def robots_txt(request):
    # Search results and previews in every language (/ru/search/ too): rules are path prefixes.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(
            f"Disallow: {path_in_language(path, code)}"
            for code, _name in settings.LANGUAGES
            for path in ("/search/", "/preview/")
        ),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class TimelineView(FilteredListMixin, TemplateView):
    """Every published event, initiative milestone and statement, newest first, grouped by year and month."""

    template_name = "core/timeline.html"
    paginate_by = settings.PORTAL_PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.filterset = TimelineFilterSet(request.GET or None, queryset=NO_EVENTS, request=request)
        self.filters_invalid = self.filterset.is_bound and not self.filterset.is_valid()
        if self.filters_invalid and (moved := moved_filters(request)):
            return moved
        filters = {} if self.filters_invalid or not self.filterset.is_bound else self.filterset.form.cleaned_data
        today = timezone.localdate()

        if request.GET.get("at") and not self.filters_invalid:
            target = timeline.locate(request.GET["at"], filters, self.paginate_by)
            if target is None:
                raise Http404(_("That point of the timeline does not exist or is not public."))
            query = request.GET.copy()
            query.pop("at")
            query["page"] = str(target["page"])
            return redirect(f"{request.path}?{query.urlencode()}#{target['anchor']}")

        # The per-year counts give the number of entries too, so the stream itself is never counted; and
        # knowing the page first lets each section read only the rows up to it (timeline.section_parts).
        activity = timeline.activity_by_year(filters) if not self.filters_invalid else {}
        total = sum(sum(counts.values()) for counts in activity.values())
        paginator = CountedPaginator(NO_EVENTS, self.paginate_by, count=total)
        try:
            number = paginator.validate_number(page_number(request, paginator))
        except InvalidPage as error:
            raise Http404(_("There is no such page of the timeline.")) from error
        if not self.filters_invalid:
            paginator.object_list = timeline.TimelinePage(filters, limit=number * self.paginate_by)
        page = paginator.page(number)
        entries = timeline.to_entries(page.object_list)
        future = timeline.entries_after(today, filters) if not self.filters_invalid else 0
        today_page = future // self.paginate_by + 1
        for entry in entries:
            entry.is_today_marker = False
        if page.number == today_page:
            for entry in entries:
                if entry.date <= today:
                    entry.is_today_marker = True
                    break
        show_today_at_end = page.number == today_page and not any(e.is_today_marker for e in entries)

        later = 0
        year_index = []
        before, after = query_around_page(request.GET)
        for year, counts in activity.items():
            number = later // self.paginate_by + 1
            year_index.append(
                {"year": year, "count": sum(counts.values()), "page": number, "href": f"?{before}{number}{after}"}
            )
            later += sum(counts.values())

        context = self.get_context_data(
            page_obj=page,
            paginator=paginator,
            entries=entries,
            year_index=year_index,
            chart=drawn_chart(activity, filters),
            today=today,
            today_page=today_page,
            show_today_at_end=show_today_at_end,
        )
        context.update(self.filter_context())
        return self.render_to_response(context, status=400 if self.filters_invalid else 200)


class SearchView(TemplateView):
    template_name = "core/search.html"

    def get(self, request, *args, **kwargs):

        query = request.GET.get("q", "").strip()
        error = None
        if len(query) > MAX_QUERY_LENGTH:
            error = _("Please search for at most %(n)d characters.") % {"n": MAX_QUERY_LENGTH}
        words = search_words(query) if not error else []
        page = None
        if words:
            count = remember("search", tuple(words), lambda: search.search(words).count())
            # The results are known only once the page is: see below.
            paginator = CountedPaginator([], settings.PORTAL_PAGE_SIZE, count=count)
            try:
                number = paginator.validate_number(page_number(request, paginator))
            except InvalidPage as exc:
                raise Http404(_("There is no such page of results.")) from exc
            # As on the timeline: only the first `number` pages' worth of each section can be on this page.
            paginator.object_list = search.SearchPage(words, limit=number * paginator.per_page, matches=count)
            page = paginator.page(number)
        context = self.get_context_data(
            query=query if not error else "",
            words=words,
            page_obj=page,
            results=search.to_results(page.object_list) if page else [],
            error=error,
        )
        return self.render_to_response(context, status=400 if error else 200)
