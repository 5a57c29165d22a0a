"""Search across the three sections, ranked, the same way on SQLite and PostgreSQL.

Every word must appear in the title, summary or body (case-insensitive substring, which
also finds Chinese words that have no spaces around them). A word in the title counts
most, then the summary, then the body. Each field is searched in the reader's language and
in English, so an item not yet translated is still found, and results show the reader's
language where there is a translation.
"""

from django.db.models import CharField, F, IntegerField, Value
from django.db.models.expressions import Case, When

from sco_portal.core import reads
from sco_portal.core.timeline import SECTIONS, Entry, attach_topics, dated_sections, told
from sco_portal.core.translation import contains, localized, text_language

WEIGHTS = (("title", 10), ("summary", 4), ("body", 1))


def rank_expression(words):
    total = Value(0, output_field=IntegerField())
    for word in words:
        for field, weight in WEIGHTS:
            total = total + Case(
                When(contains(field, word), then=Value(weight)), default=Value(0), output_field=IntegerField()
            )
    return total


def search(words, limit=None):
    """A union queryset of (pk, section, title, slug, kind, date, precision, summary, rank, title language,
    summary language), best first.

    With `limit`, each section contributes only its own best `limit` items (no more can be among the
    first `limit` results), so the text and languages shown are worked out for those alone and the
    union sorts no more than a few pages' worth, however many items match.
    """
    parts = []
    rank = rank_expression(words)  # an expression, resolved afresh by each query that uses it
    for section, info in SECTIONS.items():
        model = info["model"]
        qs = model.objects.published().search(words)
        if limit is not None:
            best = (
                qs.annotate(rank=rank)
                .order_by("-rank", F(info["date"]).desc(nulls_last=True), "-pk")
                .values("pk")[:limit]
            )
            qs = model.objects.filter(pk__in=best)
        parts.append(
            qs.rewrite(False)
            .annotate(
                section=Value(section, output_field=CharField()),
                date=F(info["date"]),
                precision=F(info["precision"]),
                rank=rank,
                title_text=localized("title"),
                summary_text=localized("summary"),
                title_lang=text_language("title"),
                summary_lang=text_language("summary"),
            )
            .values_list(
                "pk",
                "section",
                "title_text",
                "slug",
                "kind",
                "date",
                "precision",
                "summary_text",
                "rank",
                "title_lang",
                "summary_lang",
            )
            .order_by()
        )
    return parts[0].union(*parts[1:], all=True).order_by("-rank", F("date").desc(nulls_last=True), "section", "-pk")


class SearchPage:
    """search(words, limit) for a paginator, with the SQL written out (core/reads.py): the rows of a slice,
    read when it is taken. `matches`: the search's count, where the page knows it (reads.newest_best)."""

    def __init__(self, words, limit, matches=None):
        self.words, self.limit, self.matches = words, limit, matches

    def __getitem__(self, page):
        return reads.search_rows(
            dated_sections(), self.words, self.limit, page.stop - page.start, page.start, self.matches
        )


def to_results(rows):
    results = []
    for pk, section, title, slug, kind, date, precision, summary, rank, title_lang, summary_lang in rows:
        entry = Entry(
            pk,
            section,
            "",
            title,
            slug,
            kind,
            date,
            precision,
            title_lang=title_lang,
            summary=summary,
            summary_lang=summary_lang,
        )
        entry.rank = rank
        results.append(entry)
    told(results)
    attach_topics(results)
    return results
