"""Search across the three sections, ranked, the same way on SQLite and PostgreSQL.

Every word must appear in the title, summary or body (case-insensitive substring, which
also finds Chinese words that have no spaces around them). A word in the title counts
most, then the summary, then the body.
"""

from django.db.models import CharField, F, IntegerField, Value
from django.db.models.expressions import Case, When

from sco_portal.core.timeline import SECTIONS, Entry, attach_topics

WEIGHTS = (("title", 10), ("summary", 4), ("body", 1))


def rank_expression(words):
    total = Value(0, output_field=IntegerField())
    for word in words:
        for field, weight in WEIGHTS:
            total = total + Case(
                When(**{f"{field}__icontains": word}, then=Value(weight)), default=Value(0), output_field=IntegerField()
            )
    return total


def search(words):
    """A union queryset of (pk, section, title, slug, kind, date, precision, summary, rank), best first."""
    date_fields = {"event": "start_date", "statement": "issued_on", "center": "key_date"}
    parts = []
    for section, info in SECTIONS.items():
        model = info["model"]
        qs = model.objects.published().search(words)
        parts.append(
            qs.annotate(
                section=Value(section, output_field=CharField()),
                date=F(date_fields[section]),
                precision=F("key_precision") if section == "center" else F("date_precision"),
                rank=rank_expression(words),
            )
            .values_list("pk", "section", "title", "slug", "kind", "date", "precision", "summary", "rank")
            .order_by()
        )
    return parts[0].union(*parts[1:], all=True).order_by("-rank", F("date").desc(nulls_last=True), "section", "-pk")


def to_results(rows):
    results = []
    for pk, section, title, slug, kind, date, precision, summary, rank in rows:
        entry = Entry(pk, section, "", title, slug, kind, date, precision, summary=summary)
        entry.rank = rank
        results.append(entry)
    attach_topics(results)
    return results
