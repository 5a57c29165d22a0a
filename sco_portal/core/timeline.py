"""One chronological stream of events, initiative milestones and statements.

Each section contributes a `values()` queryset with the same columns; the database
unions, orders, counts and pages them, so a timeline page costs a fixed number of
queries however much content there is.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Value
from django.db.models.functions import ExtractYear
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from sco_portal.centers.models import MILESTONES, Center, CenterKind
from sco_portal.core import reads
from sco_portal.core.addresses import slug_url
from sco_portal.core.counts import remember
from sco_portal.core.dates import format_partial, format_span, iso_partial
from sco_portal.core.filters import search_words, tagged
from sco_portal.core.models import choice_label
from sco_portal.core.translation import localized, place, place_separator, text_language
from sco_portal.events.models import Event, EventKind
from sco_portal.statements.models import Statement, StatementKind

# "date" and "precision": the field that dates an item in lists and results, and how precise it is.
SECTIONS = {
    "event": {
        "model": Event,
        "label": _("Event"),
        "plural": _("Events"),
        "url": "events:detail",
        "kinds": EventKind,
        "date": "start_date",
        "end": "end_date",
        "precision": "date_precision",
    },
    "center": {
        "model": Center,
        "label": _("Initiative"),
        "plural": _("Initiative milestones"),
        "url": "centers:detail",
        "kinds": CenterKind,
        "date": "key_date",
        "end": None,
        "precision": "key_precision",
    },
    "statement": {
        "model": Statement,
        "label": _("Statement"),
        "plural": _("Statements"),
        "url": "statements:detail",
        "kinds": StatementKind,
        "date": "issued_on",
        "end": None,
        "precision": "date_precision",
    },
}


def dated_sections():
    """(section, model, date field, precision field, end field or None) of every section, by its one date
    (an initiative's is its earliest milestone): what core/reads.py needs to read any section's rows."""
    return tuple((key, info["model"], info["date"], info["precision"], info["end"]) for key, info in SECTIONS.items())


MILESTONE_LABELS = {date_field.removesuffix("_on"): label for date_field, _precision, label in MILESTONES}
# Text columns come in the reader's language, English where a translation is missing (title_lang says which).
COLUMNS = [
    "pk",
    "section",
    "milestone",
    "title_text",
    "slug",
    "kind",
    "date",
    "precision",
    "end",
    "city_text",
    "country_name",
    "title_lang",
]
ORDERING = ["-date", "section", "-pk"]


@dataclass
class Entry:
    pk: int
    section: str
    milestone: str
    title: str
    slug: str
    kind: str
    date: object
    precision: str
    end: object = None
    city: str = ""
    country_name: str = ""
    title_lang: str = ""
    topics: list = field(default_factory=list)
    summary: str = ""
    summary_lang: str = ""
    # The reader's language and a place's separator in it, read once for all of a page's entries (told()):
    # each read of the active language is a context-local lookup. Empty: the active ones.
    language: str = ""
    separator: str = ""

    @property
    def anchor(self):
        return f"{self.section}-{self.pk}" + (f"-{self.milestone}" if self.milestone else "")

    @property
    def url(self):
        return slug_url(SECTIONS[self.section]["url"], self.slug)

    @property
    def section_label(self):
        return SECTIONS[self.section]["label"]

    @property
    def kind_label(self):
        label = choice_label(SECTIONS[self.section]["model"], "kind", self.kind, self.language or None)
        if self.milestone:
            return f"{label} · {MILESTONE_LABELS[self.milestone]}"
        return label

    @property
    def date_display(self):
        return format_span(self.date, self.precision, self.end, language=self.language or None)

    @property
    def date_iso(self):
        return iso_partial(self.date, self.precision)

    @property
    def month_key(self):
        return (self.date.year, self.date.month if self.precision != "year" else 0)

    @property
    def month_label(self):
        if self.precision == "year":
            return _("%(year)s, month not known") % {"year": self.date.year}
        return capfirst(format_partial(self.date, "month", self.language or None))

    @property
    def place(self):
        return place(self.city, self.country_name, separator=self.separator or None)


def told(entries):
    """`entries`, each told the reader's language and a place's separator, read once for them all."""
    language, separator = get_language(), place_separator()
    for entry in entries:
        entry.language, entry.separator = language, separator
    return entries


def _none():
    return Value(None, output_field=CharField())


def stream_fields(filters=None, sections=None):
    """The streams of dated rows the filters leave, one per date field (an initiative has three: proposed,
    launched, opened): (section, model, milestone, date field, precision field, end field or None)."""
    kind = (filters or {}).get("kind")
    for section in sections or list(SECTIONS):
        model = SECTIONS[section]["model"]
        if kind and kind not in SECTIONS[section]["kinds"].values:
            continue
        if section == "center":
            for date_field, precision_field, _label in MILESTONES:
                yield section, model, date_field.removesuffix("_on"), date_field, precision_field, None
        else:
            info = SECTIONS[section]
            yield section, model, "", info["date"], info["precision"], info["end"]


def streams(filters=None, sections=None):
    """The streams of stream_fields(), each with its published items that match the filters and have its date.

    Yields (section, model, milestone, date field, precision field, end, items), `end` an expression or None.
    """
    filters = filters or {}
    for section, model, milestone, date_field, precision_field, end in stream_fields(filters, sections):
        qs = model.objects.published()
        if filters.get("topic"):
            qs = tagged(qs, "topics", filters["topic"])
        if filters.get("country"):
            qs = tagged(qs, "countries", filters["country"])
        if filters.get("kind"):
            qs = qs.filter(kind=filters["kind"])
        if filters.get("q"):
            qs = qs.search(search_words(filters["q"]))
        items = qs.filter(**{f"{date_field}__isnull": False})
        if filters.get("year"):
            items = items.filter(**{f"{date_field}__year": int(filters["year"])})
        yield section, model, milestone, date_field, precision_field, F(end) if end else None, items


def section_parts(filters=None, sections=None, limit=None):
    """The per-stream querysets of timeline rows, each already filtered.

    With `limit`, each stream contributes only its own newest `limit` rows: no more can be among
    the first `limit` rows of the merged stream, and the database reads them straight from the
    stream's date index instead of sorting every row of the archive to find them.
    """
    parts = []
    for section, model, milestone, date_field, precision_field, end, items in streams(filters, sections):
        if limit is not None:
            newest = items.order_by(f"-{date_field}", "-pk").values("pk")[:limit]
            items = model.objects.filter(pk__in=newest)
        part = (
            items.rewrite(False)
            .annotate(
                section=Value(section, output_field=CharField()),
                milestone=Value(milestone, output_field=CharField()),
                date=F(date_field),
                precision=F(precision_field),
                end=end if end is not None else Value(None, output_field=model._meta.get_field(date_field).__class__()),
                country_name=localized("country__name") if section != "statement" else _none(),
                city_text=localized("city") if section != "statement" else _none(),
                title_text=localized("title"),
                title_lang=text_language("title"),
            )
            .values_list(*COLUMNS)
            .order_by()
        )
        parts.append(part)
    return parts


def union(parts):
    if not parts:
        return Event.objects.none().values_list("pk")
    if len(parts) == 1:
        return parts[0]
    return parts[0].union(*parts[1:], all=True)


def timeline_rows(filters=None, sections=None, limit=None):
    """The merged stream, newest first; with `limit`, good for its first `limit` rows only (see section_parts)."""
    return union(section_parts(filters, sections, limit)).order_by(*ORDERING)


class TimelinePage:
    """timeline_rows(filters, limit=limit) for a paginator, with the SQL written out (core/reads.py): the
    rows of a slice, read when it is taken. Words (`q`) are searched through the ORM's search index."""

    def __init__(self, filters, limit):
        self.filters, self.limit = filters or {}, limit

    def __getitem__(self, page):
        if self.filters.get("q"):
            return timeline_rows(self.filters, limit=self.limit)[page]
        streams = tuple(stream_fields(self.filters))
        return reads.timeline_rows(streams, self.filters, self.limit, page.stop - page.start, page.start)


def to_entries(rows, with_topics=True):
    entries = told([Entry(*row) for row in rows])
    if with_topics and entries:
        attach_topics(entries)
    return entries


def attach_topics(entries):
    """One query, however many entries and sections."""
    names = topics_of((entry.section, entry.pk) for entry in entries)
    for entry in entries:
        entry.topics = names[entry.section, entry.pk]


def topics_of(items):
    """{(section, pk): [{"name", "slug", "name_lang"}, ...]} for (section, pk) pairs of any sections, in one query.

    The topics' names in the reader's language, sorted by them, as plain values: what a list or a feed
    shows of an item's topics, without a model instance or a queryset for each item (core/reads.py).
    """
    by_section = defaultdict(set)
    for section, pk in items:
        by_section[section].add(pk)
    found = reads.topics_of(by_section, {section: info["model"] for section, info in SECTIONS.items()})
    return defaultdict(list, found)


def list_cards(model, ids):
    """The items of `model` in `ids` as entries, in that order, with their topics: a section list's page."""
    section = section_of(model)
    info = SECTIONS[section]
    rows = [
        dict(zip(reads.CARD_FIELDS, row, strict=True))
        for row in reads.cards(model, ids, info["date"], info["end"], info["precision"])
    ]
    topics = topics_of((section, row["pk"]) for row in rows)
    return told([Entry(section=section, milestone="", topics=topics[section, row["pk"]], **row) for row in rows])


def section_of(model):
    """The SECTIONS key of a content model: "event", "center" or "statement"."""
    return model._meta.model_name


class Year(ExtractYear):
    """The year of a date. SQLite stores dates as "YYYY-MM-DD" text: reading the first four characters
    spares a call into Python for every row that Django's ExtractYear makes there."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


def filters_key(filters):
    return tuple(sorted((name, getattr(value, "pk", value)) for name, value in (filters or {}).items() if value))


def activity_by_year(filters=None):
    """{year: {section: count}} for the year index, the activity chart and the number of entries.

    One query over the whole (filtered) archive, so its answer is kept until the content changes (core/counts.py).
    """
    return remember("timeline-activity", filters_key(filters), lambda: count_by_year(filters))


def entries_after(date, filters=None):
    """`count_after(date, filters)`, kept like the other archive-wide counts: it finds the page of today."""
    return remember("timeline-after", (date.isoformat(), filters_key(filters)), lambda: count_after(date, filters))


def count_by_year(filters=None):
    parts = [
        items.annotate(section=Value(section, output_field=CharField()), year=Year(date_field))
        .values("section", "year")
        .annotate(n=Count("pk"))
        .values_list("section", "year", "n")
        .order_by()
        for section, _model, _milestone, date_field, _precision, _end, items in streams(filters)
    ]
    result = defaultdict(lambda: defaultdict(int))
    if parts:
        for section, year, n in union(parts):
            result[year][section] += n
    return {year: dict(counts) for year, counts in sorted(result.items(), reverse=True)}


def count_after(date, filters=None):
    """How many entries sort before `date` (that is, are later than it) in the stream: a range of each date index."""
    # Bounded on both sides, so that SQLite, which has no statistics, reads the short range of the date
    # index rather than every visible row.
    parts = [
        items.filter(**{f"{date_field}__gt": date, f"{date_field}__lte": datetime.date.max})
        .values_list("pk")
        .order_by()
        for _section, _model, _milestone, date_field, _precision, _end, items in streams(filters)
    ]
    return union(parts).count() if parts else 0


def latest_items(limit=8):
    """The most recently published items across the three sections, for the home page (core/reads.py)."""
    rows = reads.latest_rows(dated_sections(), limit)
    return told([Entry(milestone="", **dict(zip(reads.LATEST_FIELDS, row, strict=True))) for row in rows])


def center_timeline(center):
    """An initiative's own milestones plus every published event and statement linked to it, oldest first."""
    items = [
        {"kind": "milestone", "label": m["label"], "date": m["date"], "display": m["display"], "iso": m["iso"]}
        for m in center.milestones()
    ]
    for event in reads.related(center, "events", columns=["start_date", "end_date", "date_precision"]):
        date, precision = event["start_date"], event["date_precision"]
        items.append(
            {
                **event,
                "kind": "event",
                "label": event["kind_label"],
                "date": date,
                "display": format_span(date, precision, event["end_date"]),
                "iso": iso_partial(date, precision),
            }
        )
    for statement in reads.related(center, "statements", columns=["issued_on", "date_precision"]):
        date, precision = statement["issued_on"], statement["date_precision"]
        items.append(
            {
                **statement,
                "kind": "statement",
                "label": statement["kind_label"],
                "date": date,
                "display": format_partial(date, precision),
                "iso": iso_partial(date, precision),
            }
        )
    return sorted(items, key=lambda item: (item["date"], item["kind"] != "milestone"))


def locate(anchor, filters, per_page):
    """The page and anchor of a timeline entry named like "event-12" or "center-5-launched", or None."""
    parts = anchor.split("-")
    if (
        len(parts) not in (2, 3)
        or parts[0] not in SECTIONS
        or not (parts[1].isascii() and parts[1].isdigit())
        or len(parts[1]) > 18
    ):
        return None
    section, pk, milestone = parts[0], int(parts[1]), parts[2] if len(parts) == 3 else ""
    candidates = [p for p in section_parts(filters, sections=[section])]
    found = None
    for part in candidates:
        row = part.filter(pk=pk).values_list(*COLUMNS).first()
        if row and Entry(*row).milestone == milestone:
            found = Entry(*row)
            break
    if found is None:
        return None
    same_day = [
        Entry(*row).anchor
        for row in union([p.filter(date=found.date) for p in section_parts(filters)]).order_by(*ORDERING)
    ]
    position = count_after(found.date, filters) + same_day.index(found.anchor)
    return {"page": position // per_page + 1, "anchor": found.anchor}


CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN = 640, 160, 24
# The chart's text equivalent ("2025: 3 events, 1 statement."), with each language's plural forms.
CHART_COUNTS = {
    "event": lambda n: ngettext("%(count)d event", "%(count)d events", n),
    "center": lambda n: ngettext("%(count)d initiative milestone", "%(count)d initiative milestones", n),
    "statement": lambda n: ngettext("%(count)d statement", "%(count)d statements", n),
}


def activity_chart(activity):
    """Geometry for a small stacked bar chart of entries per year by section, drawn as SVG by the template."""
    if not activity:
        return None
    years = sorted(activity)
    years = list(range(years[0], years[-1] + 1))
    peak = max(sum(c.values()) for c in activity.values()) or 1
    slot = (CHART_WIDTH - 2 * CHART_MARGIN) / len(years)
    bar_width = max(min(slot * 0.7, 40), 2)
    usable = CHART_HEIGHT - 2 * CHART_MARGIN
    bars = []
    for i, year in enumerate(years):
        counts = activity.get(year, {})
        x = CHART_MARGIN + i * slot + (slot - bar_width) / 2
        y = CHART_HEIGHT - CHART_MARGIN
        segments = []
        for section in SECTIONS:
            n = counts.get(section, 0)
            if n:
                height = usable * n / peak
                y -= height
                segments.append(
                    {
                        "section": section,
                        "count": n,
                        "text": CHART_COUNTS[section](n) % {"count": n},
                        "y": round(y, 1),
                        "height": round(height, 1),
                    }
                )
        bars.append(
            {
                "year": year,
                "x": round(x, 1),
                "width": round(bar_width, 1),
                "label_x": round(x + bar_width / 2, 1),
                "total": sum(counts.values()),
                "segments": segments,
                "show_label": len(years) <= 12 or i % max(len(years) // 8, 1) == 0 or i == len(years) - 1,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_HEIGHT - CHART_MARGIN,
        "label_y": CHART_HEIGHT - CHART_MARGIN + 16,
        "peak": peak,
        "bars": bars,
        "legend": [{"section": s, "label": info["plural"]} for s, info in SECTIONS.items()],
    }
