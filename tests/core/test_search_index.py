"""The search index: the same results as reading every row, for rows written any way, on both databases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sco_portal.core import search
from sco_portal.core.filters import search_words
from sco_portal.core.models import content_models
from sco_portal.core.search_index import ensure_search_index, fts_table
from sco_portal.core.translation import contains
from sco_portal.events.models import Event
from tests.factories import CenterFactory, EventFactory, StatementFactory

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")

TEXTS = [
    ("Energy forum in Tianjin", "Ministers met on ENERGY.", "Grids, 50% renewables_and more."),
    ("Forum on water", "Nothing about power.", 'A "quoted" phrase and e-mail.'),
    ("Форум по энергетике", "Встреча ШОС в Бишкеке.", "Речь шла о ветровой энергии."),
    ("上海合作组织科技合作中心", "关于人工智能的会议。", "上合组织国家讨论了人工智能合作。"),
]

QUERIES = [
    "energy",
    "ENERG",
    "forum tianjin",
    "50%",
    "renewables_and",
    '"quoted"',
    "e-mail",
    "энерг",
    "ЭНЕРГ",
    "шос",
    "人工智能",
    "合作中心",
    "合作",  # two characters: read row by row
    "ai",
    "nowhere",
]


@pytest.fixture
def items():
    made = []
    for number, (title, summary, body) in enumerate(TEXTS):
        for factory in (EventFactory, CenterFactory, StatementFactory):
            slug = f"{factory._meta.model.__name__.lower()}-{number}"
            made.append(factory(title=title, summary=summary, body=body, slug=slug))
    return made


def scanned(model, words):
    """What search finds by reading every row: the definition the index must agree with."""
    query = model.objects.published()
    for word in words:
        query = query.filter(contains("title", word) | contains("summary", word) | contains("body", word))
    return set(query.values_list("pk", flat=True))


def indexed(model, words):
    return set(model.objects.published().search(words).values_list("pk", flat=True))


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_the_index_finds_exactly_what_reading_every_row_finds(items, query, language):
    words = search_words(query)
    with translation.override(language):
        for model in content_models():
            assert indexed(model, words) == scanned(model, words), (model, query, language)


def test_the_fixture_covers_hits_and_misses(items):
    found = {query: indexed(Event, search_words(query)) for query in QUERIES}
    assert found["energy"] and found["шос"] and found["人工智能"] and found["合作"] and not found["nowhere"]


@sqlite_only
@pytest.mark.parametrize(("query", "uses_index"), [("energy", 1), ("人工智能", 1), ("合作", 0), ("ai", 0)])
def test_words_of_three_characters_or_more_are_answered_by_the_index(items, query, uses_index):
    with CaptureQueriesContext(connection) as queries:
        list(Event.objects.published().search(search_words(query)))
    assert ("MATCH" in queries[-1]["sql"]) is bool(uses_index)


@sqlite_only
def test_rows_written_any_way_are_indexed(db):
    event = EventFactory(title="A first title", summary="s", body="b", slug="written")
    assert indexed(Event, ["first"]) == {event.pk}
    Event.objects.filter(pk=event.pk).update(title_en="A second title")  # no model signals
    assert indexed(Event, ["first"]) == set() and indexed(Event, ["second"]) == {event.pk}
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_event SET body_en = 'raw zeppelin' WHERE id = %s", [event.pk])
    assert indexed(Event, ["zeppelin"]) == {event.pk}
    bulk = EventFactory.build(title="Bulk written", summary="s", body="b", slug="bulk")
    Event.objects.bulk_create([bulk])
    assert indexed(Event, ["bulk"]) == set(Event.objects.filter(slug="bulk").values_list("pk", flat=True))
    Event.objects.filter(pk=event.pk).delete()
    assert indexed(Event, ["zeppelin"]) == set()


@sqlite_only
def test_an_index_whose_triggers_were_lost_is_made_again_and_rebuilt(db):
    """SQLite remakes a table, dropping its triggers, when a migration alters a column."""
    event = EventFactory(title="Before the remake", summary="s", body="b", slug="remade")
    table = fts_table(Event)
    with connection.cursor() as cursor:
        for trigger in ("insert", "update", "delete"):
            cursor.execute(f'DROP TRIGGER "{table}_{trigger}"')
        cursor.execute("UPDATE events_event SET title_en = 'After the remake' WHERE id = %s", [event.pk])
    assert indexed(Event, ["after"]) == set()  # stale without its triggers
    assert Event in ensure_search_index()
    assert indexed(Event, ["after"]) == {event.pk} and indexed(Event, ["before"]) == set()
    assert ensure_search_index() == []  # nothing left to do


@postgresql_only
def test_postgresql_serves_the_search_from_trigram_indexes(items):
    query = Event.objects.search(["energy"]).order_by().values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # Told to avoid reading the table, the planner must find an index that answers `icontains` as written.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "_trgm" in plan, plan


def test_a_page_of_results_is_the_same_with_or_without_the_per_section_limit(db):
    today = timezone.localdate()
    for number in range(45):
        factory = (EventFactory, CenterFactory, StatementFactory)[number % 3]
        date = today - datetime.timedelta(days=number)
        dates = {EventFactory: "start_date", CenterFactory: "key_date", StatementFactory: "issued_on"}
        factory(
            title="Energy" if number % 4 == 0 else f"Item {number}",
            summary="energy" if number % 5 == 0 else "a summary",
            body="about energy",
            slug=f"paged-{number}",
            **{dates[factory]: date},
        )
    words = ["energy"]
    everything = list(search.search(words))
    assert len(everything) == 45
    for size in (1, 7, 10, 20):
        for start in range(0, 45, size):
            limited = list(search.search(words, limit=start + size))[start : start + size]
            assert limited == everything[start : start + size], (size, start)


def test_the_search_page_pages_through_every_result_once(client, db):
    for number in range(25):
        EventFactory(title=f"Energy {number}", slug=f"energy-{number}", start_date=datetime.date(2025, 1, 1 + number))
    first, second = client.get("/search/?q=energy"), client.get("/search/?q=energy&page=2")
    slugs = [
        slug
        for response in (first, second)
        for slug in (f"energy-{n}" for n in range(25))
        if f"/events/{slug}/".encode() in response.content
    ]
    assert sorted(slugs) == sorted(f"energy-{n}" for n in range(25))
    assert client.get("/search/?q=energy&page=3").status_code == 404
    assert client.get("/search/?q=energy&page=x").status_code == 404


@sqlite_only
def test_search_works_before_the_index_is_made(items):
    """Code deployed before `migrate` has run finds no index, and reads every row instead of failing."""
    from sco_portal.core import search_index

    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{fts_table(Event)}"')
    search_index._ready.clear()
    with CaptureQueriesContext(connection) as queries:
        found = indexed(Event, ["energy"])
    assert found == scanned(Event, ["energy"]) and found
    assert "MATCH" not in queries[-1]["sql"]
    assert Event in ensure_search_index()
    assert indexed(Event, ["energy"]) == found


@sqlite_only
def test_without_fts5_migrate_warns_and_search_still_works(items, monkeypatch, caplog):
    from sco_portal.core import search_index

    real = search_index._sqlite_schema

    def without_fts5(model):
        schema = real(model)
        schema[fts_table(model)] = schema[fts_table(model)].replace("USING fts5(", "USING no_such_module(")
        return schema

    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{fts_table(Event)}"')
    search_index._ready.clear()
    monkeypatch.setattr(search_index, "_sqlite_schema", without_fts5)
    assert ensure_search_index() == []
    assert "No search index for events.Event" in caplog.text
    assert indexed(Event, ["energy"]) == scanned(Event, ["energy"])
    written = EventFactory(title="Energy after all", summary="s", body="b", slug="written-later")  # writes work
    assert written.pk in indexed(Event, ["energy"])
