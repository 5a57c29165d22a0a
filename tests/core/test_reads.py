"""core/reads.py: the item pages' SQL gives what the ORM gives, in every language, with the visibility rule."""

import datetime

import pytest
from django.utils import timezone, translation

from sco_portal.core import reads
from sco_portal.core.models import ChangeNote, PublicationStatus
from sco_portal.core.timeline import dated_sections
from sco_portal.core.translation import language_of
from tests.factories import (
    CenterFactory,
    CountryFactory,
    EventFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "ru", "zh-hans"]


@pytest.fixture
def tagged_event():
    """An event with topics and countries translated into some languages only, sources and change notes."""
    topics = [
        TopicFactory(name="Zeta energy", name_ru="Энергетика", name_zh_hans="能源", slug="zeta"),
        TopicFactory(name="Alpha science", name_ru="", name_zh_hans="科学", slug="alpha"),
        TopicFactory(name="Mid health", name_ru="Здоровье", slug="mid"),
    ]
    countries = [
        CountryFactory(name="Kazakhstan", name_ru="Казахстан", name_zh_hans="哈萨克斯坦", slug="kazakhstan"),
        CountryFactory(name="China", name_ru="Китай", slug="china"),
    ]
    event = EventFactory(topics=topics, countries=countries)
    event.sources.set(
        [
            SourceFactory(title="B older", published_on=datetime.date(2024, 1, 2)),
            SourceFactory(title="A newer", published_on=datetime.date(2025, 3, 4), url="https://example.org/a"),
            SourceFactory(title="C undated", published_on=None),
        ]
    )
    for days, note in ((3, "Oldest note"), (1, "Newest note"), (2, "Middle note")):
        ChangeNote.objects.create(item=event, note=note, created_at=timezone.now() - datetime.timedelta(days=days))
    return event


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("relation", ["topics", "countries"])
def test_tags_are_the_orm_names_in_the_readers_language_sorted_by_them(tagged_event, relation, language):
    with translation.override(language):
        expected = sorted(
            (str(tag.name), tag.slug, language_of(tag, "name"), tag.get_absolute_url())
            for tag in getattr(tagged_event, relation).all()
        )
        found = [(t["name"], t["slug"], t["name_lang"], t["url"]) for t in reads.tags(tagged_event, relation)]
    assert found == expected
    assert len(found) == getattr(tagged_event, relation).count()


def test_an_untranslated_name_reads_in_english_and_says_so(tagged_event):
    with translation.override("ru"):
        alpha = next(t for t in reads.tags(tagged_event, "topics") if t["slug"] == "alpha")
    assert (alpha["name"], alpha["name_lang"]) == ("Alpha science", "en")


def test_sources_are_the_orm_sources_in_their_order_with_dates(tagged_event):
    expected = [
        {"publisher": s.publisher, "title": s.title, "url": s.url, "published_on": s.published_on}
        for s in tagged_event.sources.all()
    ]
    assert reads.sources(tagged_event) == expected
    dates = [s["published_on"] for s in reads.sources(tagged_event) if s["published_on"] is not None]
    assert dates == [datetime.date(2025, 3, 4), datetime.date(2024, 1, 2)]


def test_change_notes_are_newest_first_with_aware_times(tagged_event):
    notes = reads.change_notes(tagged_event)
    assert [n["note"] for n in notes] == ["Newest note", "Middle note", "Oldest note"]
    assert [n["created_at"] for n in notes] == [n.created_at for n in tagged_event.change_notes.all()]
    assert all(timezone.is_aware(n["created_at"]) for n in notes)


def test_notes_of_another_section_with_the_same_number_are_not_mixed_in(tagged_event):
    statement = StatementFactory()
    ChangeNote.objects.create(item=statement, note="Statement note")
    assert "Statement note" not in [n["note"] for n in reads.change_notes(tagged_event)]


def hidden_and_visible(factory, **links):
    future = timezone.now() + datetime.timedelta(days=2)
    return [
        factory(title="Visible B", **links),
        factory(title="Visible A", **links),
        factory(title="Draft", status=PublicationStatus.DRAFT, **links),
        factory(title="Scheduled", publish_at=future, **links),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_related_items_are_the_published_ones_in_the_orm_order(language):
    event = EventFactory()
    centers = hidden_and_visible(CenterFactory)
    event.centers.set(centers)
    hidden_and_visible(StatementFactory, event=event)
    center = centers[0]
    for other in hidden_and_visible(EventFactory):
        other.centers.add(center)
    statements = hidden_and_visible(StatementFactory)
    for statement in statements:
        statement.centers.add(center)
    with translation.override(language):
        for owner, relation in ((event, "centers"), (event, "statements"), (center, "events"), (center, "statements")):
            expected = [
                (item.slug, item.title, item.get_absolute_url()) for item in getattr(owner, relation).published()
            ]
            found = [(item["slug"], item["title"], item["url"]) for item in reads.related(owner, relation)]
            assert found == expected, (owner, relation)
            titles = {title for _slug, title, _url in found}
            assert {"Visible A", "Visible B"} <= titles and not titles & {"Draft", "Scheduled"}


def test_related_items_carry_their_kind_label_and_extra_fields():
    event = EventFactory()
    StatementFactory(event=event, issuer="Council", issuer_ru="Совет", kind="speech")
    with translation.override("ru"):
        (statement,) = reads.related(event, "statements", extra=["issuer"], columns=["issued_on"])
    assert statement["issuer"] == "Совет"
    assert statement["kind_label"] == "Речь"
    assert isinstance(statement["issued_on"], datetime.date)


@pytest.mark.parametrize("language", LANGUAGES)
def test_adjacent_events_match_the_orm_including_same_day_ties(language):
    day = datetime.date(2024, 5, 1)
    earlier = EventFactory(start_date=datetime.date(2024, 4, 1), title="Earlier")
    first_same_day = EventFactory(start_date=day, title="Same day one", title_ru="Тот же день")
    middle = EventFactory(start_date=day, title="Middle")
    EventFactory(start_date=day, status=PublicationStatus.DRAFT, title="Draft between")
    last_same_day = EventFactory(start_date=day, title="Same day two")
    later = EventFactory(start_date=datetime.date(2024, 6, 1), title="Later")
    with translation.override(language):
        around_middle = reads.adjacent_events(middle)
        assert around_middle["previous"]["url"] == first_same_day.get_absolute_url()
        assert around_middle["next"]["url"] == last_same_day.get_absolute_url()
        assert around_middle["previous"]["title"] == str(first_same_day.title)
        assert reads.adjacent_events(earlier)["previous"] is None
        assert reads.adjacent_events(later)["next"] is None
        assert reads.adjacent_events(first_same_day)["previous"]["url"] == earlier.get_absolute_url()
        assert reads.adjacent_events(last_same_day)["next"]["url"] == later.get_absolute_url()


def test_a_scheduled_neighbour_is_skipped_until_its_time():
    first = EventFactory(start_date=datetime.date(2024, 1, 1))
    EventFactory(start_date=datetime.date(2024, 2, 1), publish_at=timezone.now() + datetime.timedelta(hours=1))
    last = EventFactory(start_date=datetime.date(2024, 3, 1))
    assert reads.adjacent_events(first)["next"]["url"] == last.get_absolute_url()


def test_text_reads_with_markup_in_titles_are_escaped_on_the_page(client):
    event = EventFactory()
    event.centers.add(CenterFactory(title="<script>alert(1)</script> centre"))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; centre" in html


# --- The home page ---------------------------------------------------------------------------------


def test_latest_rows_are_the_newest_published_of_all_sections_newest_first():
    moment = timezone.now()
    made = []
    for hours, factory in enumerate([EventFactory, CenterFactory, StatementFactory] * 3, start=1):
        made.append(factory(title=f"Item {hours}", publish_at=moment - datetime.timedelta(hours=hours)))
    hidden_and_visible(EventFactory)  # two more visible, a draft and a scheduled one, published just now
    expected = sorted(
        [
            (item.publish_at, item.pk, str(item.title))
            for model in (made[0].__class__, made[1].__class__, made[2].__class__)
            for item in model.objects.published()
        ],
        reverse=True,
    )[:5]
    found = reads.latest_rows(dated_sections(), 5)
    assert [row[3] for row in found] == [title for _at, _pk, title in expected]
    assert not {"Draft", "Scheduled"} & {row[3] for row in reads.latest_rows(dated_sections(), 50)}
    assert len(reads.latest_rows(dated_sections(), 50)) == 11


def test_latest_rows_give_the_section_date_and_the_language_shown():
    StatementFactory(
        title="Said", title_ru="", summary="English only", summary_ru="", issued_on=datetime.date(2024, 2, 3)
    )
    with translation.override("ru"):
        ((section, _pk, _slug, title, title_lang, _kind, date, _precision, summary, summary_lang),) = reads.latest_rows(
            dated_sections(), 3
        )
    assert (section, title, title_lang, date, summary, summary_lang) == (
        "statement",
        "Said",
        "en",
        datetime.date(2024, 2, 3),
        "English only",
        "en",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_upcoming_events_are_the_orm_ones_soonest_first(language):
    today = timezone.localdate()
    country = CountryFactory(name="Kyrgyzstan", name_ru="Киргизия", name_zh_hans="吉尔吉斯斯坦")
    soon = EventFactory(start_date=today + datetime.timedelta(days=3), city="Bishkek", country=country)
    EventFactory(start_date=today + datetime.timedelta(days=30), country=None, city="")
    EventFactory(start_date=today, title="Today")
    EventFactory(start_date=today - datetime.timedelta(days=1), title="Yesterday")
    EventFactory(start_date=today + datetime.timedelta(days=1), status=PublicationStatus.DRAFT, title="Draft")
    with translation.override(language):
        expected = [
            (e.get_absolute_url(), str(e.title), e.place)
            for e in EventFactory._meta.model.objects.published()
            .filter(start_date__gte=today)
            .order_by("start_date", "pk")[:5]
        ]
        found = reads.upcoming_events(today, 5)
        assert [(e["url"], e["title"], e["place"]) for e in found] == expected
        assert [e["title"] for e in found][0] == "Today"
        assert next(e for e in found if e["url"] == soon.get_absolute_url())["date_iso"] == soon.date_iso
    assert len(reads.upcoming_events(today, 2)) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_featured_centers_are_the_published_featured_ones_newest_first(language):
    older = CenterFactory(featured=True, launched_on=datetime.date(2020, 1, 1), kind="center")
    newer = CenterFactory(featured=True, launched_on=datetime.date(2024, 1, 1))
    CenterFactory(featured=False, launched_on=datetime.date(2025, 1, 1))
    CenterFactory(featured=True, status=PublicationStatus.DRAFT)
    CenterFactory(featured=True, publish_at=timezone.now() + datetime.timedelta(days=1))
    with translation.override(language):
        found = reads.featured_centers(6)
        assert [c["url"] for c in found] == [newer.get_absolute_url(), older.get_absolute_url()]
        assert found[1]["kind_label"] == older.get_kind_display()
        assert found[1]["summary"] == str(older.summary)
    assert len(reads.featured_centers(1)) == 1


# --- Lists ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_topics_of_items_of_several_sections_are_the_orm_topics_by_shown_name(tagged_event, language):
    statement = StatementFactory(topics=list(tagged_event.topics.all())[:2])
    bare = CenterFactory()
    ids = {"event": [tagged_event.pk], "statement": [statement.pk], "center": [bare.pk]}
    models = {"event": type(tagged_event), "statement": type(statement), "center": type(bare)}
    with translation.override(language):
        found = reads.topics_of(ids, models)
        for section, item in (("event", tagged_event), ("statement", statement)):
            expected = sorted((str(t.name), t.slug, language_of(t, "name")) for t in item.topics.all())
            assert [(t["name"], t["slug"], t["name_lang"]) for t in found[section, item.pk]] == expected
    assert ("center", bare.pk) not in found
    assert reads.topics_of({"event": []}, models) == {}


def test_topics_of_do_not_mix_sections_with_the_same_number():
    topic = TopicFactory(slug="only-the-event")
    event = EventFactory(topics=[topic])
    statement = StatementFactory(pk=event.pk)
    found = reads.topics_of(
        {"event": [event.pk], "statement": [statement.pk]}, {"event": type(event), "statement": type(statement)}
    )
    assert [t["slug"] for t in found["event", event.pk]] == ["only-the-event"]
    assert ("statement", statement.pk) not in found


@pytest.mark.parametrize("language", LANGUAGES)
def test_filter_options_are_every_topic_by_the_name_the_reader_sees(language):
    TopicFactory(name="Zeta", name_ru="Альфа", name_zh_hans="", slug="zeta")
    TopicFactory(name="Beta", name_ru="", name_zh_hans="贝塔", slug="beta")
    TopicFactory(name="Alpha", name_ru="Яблоко", name_zh_hans="阿尔法", slug="alpha")
    Topic = TopicFactory._meta.model
    with translation.override(language):
        expected = sorted((t.slug, str(t.name)) for t in Topic.objects.all())
        expected.sort(key=lambda pair: (pair[1], pair[0]))
        assert [tuple(row) for row in reads.names(Topic)] == expected
    with translation.override("ru"):
        assert [name for _slug, name in reads.names(Topic)] == ["Beta", "Альфа", "Яблоко"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_cards_read_what_the_models_show_in_the_order_asked(language):
    country = CountryFactory(name="Uzbekistan", name_ru="Узбекистан", name_zh_hans="乌兹别克斯坦")
    event = EventFactory(
        title="Forum",
        title_ru="Форум",
        summary="Said",
        summary_ru="",
        city="Tashkent",
        country=country,
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 5, 3),
    )
    homeless = EventFactory(country=None, city="")
    with translation.override(language):
        rows = reads.cards(type(event), [homeless.pk, event.pk], "start_date", "end_date", "date_precision")
        assert [row[0] for row in rows] == [homeless.pk, event.pk]
        pk, slug, title, title_lang, summary, summary_lang, kind, start, end, precision, city, name = rows[1]
        assert (slug, title, summary, kind, start, end, precision) == (
            event.slug,
            str(event.title),
            str(event.summary),
            event.kind,
            event.start_date,
            event.end_date,
            event.date_precision,
        )
        assert (title_lang, summary_lang) == (language_of(event, "title"), language_of(event, "summary"))
        assert (city, name) == (str(event.city), str(country.name))
        assert rows[0][-2:] == ("", "")
    statement = StatementFactory()
    (row,) = reads.cards(type(statement), [statement.pk], "issued_on", None, "date_precision")
    assert row[7:] == (statement.issued_on, None, statement.date_precision, "", "")
    assert reads.cards(type(statement), [], "issued_on", None, "date_precision") == []


def test_a_list_page_shows_the_cards_in_the_reader_language(client):
    country = CountryFactory(name="Uzbekistan", name_ru="Узбекистан", slug="uzbekistan")
    topic = TopicFactory(name="Energy", name_ru="Энергетика", slug="energy")
    EventFactory(
        title="Forum",
        title_ru="Форум",
        summary="Only English",
        summary_ru="",
        city="Tashkent",
        city_ru="Ташкент",
        country=country,
        topics=[topic],
    )
    html = client.get("/ru/events/").content.decode()
    assert ">Форум</a></h3>" in html
    assert '<p lang="en">Only English</p>' in html
    assert "Ташкент, Узбекистан" in html
    assert ">Энергетика</a></li>" in html


# --- The timeline -----------------------------------------------------------------------------------


@pytest.fixture
def archive():
    """Items of every section over a few years, tagged in some combinations, some hidden, with same-day ties."""
    energy = TopicFactory(slug="energy", name="Energy", name_ru="Энергетика")
    space = TopicFactory(slug="space", name="Space")
    china = CountryFactory(slug="china", name="China", name_ru="Китай")
    kazakhstan = CountryFactory(slug="kazakhstan", name="Kazakhstan")
    for n in range(12):
        day = datetime.date(2022 + n % 3, 1 + n % 12, 1 + n % 5)
        topics, countries = [[energy], [space], [energy, space], []][n % 4], [[china], [kazakhstan], []][n % 3]
        EventFactory(
            start_date=day,
            end_date=day + datetime.timedelta(days=n % 3),
            kind=["forum", "meeting"][n % 2],
            country=countries[0] if countries else None,
            city="Astana" if n % 2 else "",
            topics=topics,
            countries=countries,
            title_ru="Событие" if n % 2 else "",
        )
        StatementFactory(issued_on=day, topics=topics, countries=countries)
        CenterFactory(
            proposed_on=day - datetime.timedelta(days=400),
            launched_on=day if n % 2 else None,
            opened_on=day if n % 3 == 0 else None,
            country=china if n % 2 else None,
            topics=topics,
            countries=countries,
        )
    EventFactory(start_date=datetime.date(2023, 1, 1), status=PublicationStatus.DRAFT, topics=[energy])
    StatementFactory(issued_on=datetime.date(2023, 1, 1), publish_at=timezone.now() + datetime.timedelta(days=1))


TIMELINE_FILTERS = [
    {},
    {"topic": "energy"},
    {"country": "china"},
    {"topic": "space", "country": "kazakhstan"},
    {"kind": "forum"},
    {"kind": "center"},
    {"kind": "statement", "topic": "energy"},
    {"year": "2023"},
    {"year": "2021", "country": "china"},
    {"kind": "meeting", "year": "2024", "topic": "space", "country": "kazakhstan"},
    {"q": "Item"},
]


def shown(row):
    """A timeline row as an entry shows it: no city or country is "" or None alike."""
    return (*row[:9], row[9] or "", row[10] or "", *row[11:])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("data", TIMELINE_FILTERS)
def test_a_timeline_page_is_the_orm_stream(archive, data, language):
    from sco_portal.core import timeline
    from sco_portal.core.filters import TimelineFilterSet

    filterset = TimelineFilterSet(data or None, queryset=EventFactory._meta.model.objects.none())
    assert not filterset.is_bound or filterset.is_valid(), filterset.errors
    filters = filterset.form.cleaned_data if filterset.is_bound else {}
    with translation.override(language):
        for limit, start, stop in ((3, 0, 3), (5, 0, 5), (10, 5, 10), (20, 10, 20), (60, 40, 60), (200, 0, 200)):
            expected = list(timeline.timeline_rows(filters, limit=limit)[start:stop])
            found = list(timeline.TimelinePage(filters, limit)[start:stop])
            assert [shown(row) for row in found] == [shown(row) for row in expected]
        everything = timeline.TimelinePage(filters, 200)[0:200]
    assert len(everything) == sum(sum(counts.values()) for counts in timeline.count_by_year(filters).values())
    if not data:
        assert len(everything) == 12 + 12 + 12 + 6 + 4  # events, statements, proposed, launched, opened


# --- Search -----------------------------------------------------------------------------------------


@pytest.fixture
def searchable():
    """Items whose words sit in titles, summaries and bodies, in some languages only, ranked with ties."""
    texts = [
        ("Energy forum", "On energy and space", "Body about energy", "Форум ЭНЕРГЕТИКИ", "能源论坛"),
        ("Space week", "Energy of the stars", "", "Неделя космоса", "航天周"),
        ("Digital 50% plan", "under_score and energy", "A plan for 100% of AI", "", "数字计划"),
        ("Quiet item", "Nothing here", "energy in the body only", "Тихий", ""),
        ("ШОС energy", "", "", "ШОС энергетика", "上合组织能源"),
    ]
    for n, (title, summary, body, title_ru, title_zh) in enumerate(texts):
        for factory, extra in (
            (EventFactory, {"start_date": datetime.date(2024, 1 + n, 1)}),
            (StatementFactory, {"issued_on": datetime.date(2023, 1 + n, 1)}),
            (CenterFactory, {"launched_on": datetime.date(2022, 1 + n, 1) if n % 2 else None}),
        ):
            factory(title=title, summary=summary, body=body, title_ru=title_ru, title_zh_hans=title_zh, **extra)
    EventFactory(title="Energy draft", status=PublicationStatus.DRAFT)


SEARCHES = [
    ["energy"],
    ["energy", "forum"],
    ["шос"],
    ["энергетик"],
    ["能源"],
    ["AI"],
    ["50%"],
    ["under_score"],
    ["nothing"],
    ["zzz"],
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("words", SEARCHES)
def test_a_search_page_is_the_orm_search(searchable, words, language):
    from sco_portal.core import search

    with translation.override(language):
        for limit, start, stop in ((2, 0, 2), (5, 0, 5), (10, 5, 10), (50, 0, 50)):
            expected = list(search.search(words, limit=limit)[start:stop])
            found = search.SearchPage(words, limit)[start:stop]
            assert found == expected
        everything = search.SearchPage(words, 50)[0:50]
        assert len(everything) == search.search(words).count()
    assert "Energy draft" not in {row[2] for row in everything}
    if words == ["energy"]:
        assert len(everything) == 15  # all five texts of every section (not the draft)
        assert [row[8] for row in everything[:4]] == [15, 15, 15, 10]  # in title, summary and body: 10 + 4 + 1


@pytest.fixture
def common_word():
    """Many items with "energy" in every field (the highest rank) between others with it in some fields only,
    with same-day ties, initiatives with no date, and newer drafts and scheduled items that have it too."""
    later = timezone.now() + datetime.timedelta(days=1)
    for n in range(14):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=n // 2)  # two items a day
        best = n % 3 != 1
        texts = {
            "title": "Energy week" if best or n % 2 else "Week",
            "summary": "Energy this week" if best else "On the grid",
            "body": "Energy all week" if best else "energy",
            "title_ru": "Неделя энергетики",
        }
        EventFactory(start_date=day, **texts)
        StatementFactory(issued_on=day, **texts)
        CenterFactory(launched_on=day if n % 4 else None, **texts)
    EventFactory(title="Energy draft", summary="energy", body="energy", status=PublicationStatus.DRAFT)
    EventFactory(
        title="Energy later", summary="energy", body="energy", publish_at=later, start_date=datetime.date(2030, 1, 1)
    )


@pytest.mark.parametrize("window", [1, 3, 200])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("words", [["energy"], ["energy", "week"], ["ENERGY", "on"], ["неделя"], ["grid"]])
def test_a_search_answered_from_the_newest_items_is_the_orm_search(common_word, words, language, window, monkeypatch):
    """A section whose best are found among its newest items (reads.newest_best) gives what ranking every
    match gives, for any window; the others are ranked in full."""
    from django.db import connection

    from sco_portal.core import search

    monkeypatch.setattr(reads, "SEARCH_WINDOW_LEAST", window)
    monkeypatch.setattr(reads, "SEARCH_WINDOW", window)
    answered = set()
    with translation.override(language):
        for limit, start, stop in ((1, 0, 1), (2, 0, 2), (5, 0, 5), (8, 4, 8), (10, 0, 10), (40, 20, 40)):
            known = reads.newest_best(dated_sections(), words, limit, language, reads.now())
            for section, keys in known.items():
                best = [row[0] for row in search.search(words, limit=limit) if row[1] == section]
                assert keys == best[:limit]
                answered.add((section, limit))
            assert search.SearchPage(words, limit)[start:stop] == list(search.search(words, limit=limit)[start:stop])
    if (
        words in (["energy"], ["energy", "week"])
        and window == 200
        and language == "en"
        and connection.vendor == "sqlite"
    ):
        # 9 of the 14 items of each section have the word in every field: enough for 1 to 8, not for 10 or 40.
        assert answered == {(section, limit) for section in ("event", "statement", "center") for limit in (1, 2, 5, 8)}
    if words in (["неделя"], ["grid"]):
        assert not answered  # a Cyrillic word is ranked in full; "grid" is in no title


def test_a_common_word_is_answered_without_ranking_every_match(common_word, django_assert_num_queries):
    """One query finds every section's best among its newest items; the page's query reads no search index."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sco_portal.core import search

    if connection.vendor != "sqlite":
        pytest.skip("the newest items are looked at first on SQLite only")
    with CaptureQueriesContext(connection) as queries:
        rows = search.SearchPage(["energy"], 5)[0:5]
    assert len(queries) == 2
    assert "_search" not in queries[1]["sql"] and "MATCH" not in queries[1]["sql"]
    assert [row[8] for row in rows] == [15] * 5
    assert [row[2] for row in rows] == ["Energy week"] * 5


def test_a_search_with_few_matches_is_ranked_in_full_without_a_window(common_word, monkeypatch):
    """Where the search's count is no more than the windows would read, newest_best() looks at no window
    (ranking every match costs no more), and the page is the ORM's all the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sco_portal.core import search

    if connection.vendor != "sqlite":
        pytest.skip("the newest items are looked at first on SQLite only")
    monkeypatch.setattr(reads, "SEARCH_WINDOW_LEAST", 5)
    monkeypatch.setattr(reads, "SEARCH_WINDOW", 1)
    matches = search.search(["energy"]).count()
    assert matches > 15  # more than three sections' windows of 5
    expected = list(search.search(["energy"], limit=5)[0:5])
    for given, queries_made in ((matches, 2), (None, 2), (15, 1), (3, 1)):
        with CaptureQueriesContext(connection) as queries:
            rows = search.SearchPage(["energy"], 5, matches=given)[0:5]
        assert rows == expected and len(queries) == queries_made, given


# --- Feeds ------------------------------------------------------------------------------------------


@pytest.fixture
def feed_archive():
    """Items of every section published over some days, tagged in some combinations, some hidden; two events
    published at the same moment, so the key decides between them."""
    energy = TopicFactory(slug="energy", name="Energy")
    china = CountryFactory(slug="china", name="China")
    start = timezone.now() - datetime.timedelta(days=30)
    tie = start + datetime.timedelta(hours=5)
    for n in range(10):
        topics, countries = [[energy], [], [energy]][n % 3], [[china], []][n % 2]
        moment = start + datetime.timedelta(hours=3 * n)
        EventFactory(
            publish_at=tie if n < 2 else moment, topics=topics, countries=countries, kind=["forum", "meeting"][n % 2]
        )
        StatementFactory(publish_at=moment + datetime.timedelta(hours=1), topics=topics, countries=countries)
        CenterFactory(publish_at=moment + datetime.timedelta(hours=2), topics=topics, countries=countries)
    EventFactory(publish_at=timezone.now(), status=PublicationStatus.DRAFT, topics=[energy])
    StatementFactory(publish_at=timezone.now() + datetime.timedelta(days=1), topics=[energy])


FEED_SECTIONS = [
    ["event", "center", "statement"],
    ["event"],
    ["statement", "center"],
]
FEED_FILTERS = [
    {},
    {"topic": "energy"},
    {"country": "china"},
    {"topic": "energy", "country": "china"},
    {"kind": "forum"},
]


@pytest.mark.parametrize("sections", FEED_SECTIONS)
@pytest.mark.parametrize("data", FEED_FILTERS)
def test_a_feeds_newest_keys_are_the_orm_newest(feed_archive, sections, data):
    from sco_portal.core.feeds import SECTIONS, apply_filters, in_use
    from sco_portal.core.filters import TimelineFilterSet

    validator = TimelineFilterSet(data, queryset=EventFactory._meta.model.objects.none())
    assert validator.is_valid(), validator.errors
    filters = in_use(validator.form)
    for limit in (1, 3, 7, 50):
        published = []
        for key in sections:
            queryset = apply_filters(SECTIONS[key].filterset_class, validator.form.cleaned_data, None)
            published += [(when, pk, key) for pk, when in queryset.values_list("pk", "publish_at")]
        published.sort(reverse=True)
        expected = {key: [pk for _when, pk, section in published[:limit] if section == key] for key in sections}
        found = reads.newest_keys([(key, SECTIONS[key].model) for key in sections], filters, limit)
        assert found == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_rows_are_what_the_models_show(language):
    from sco_portal.core.feeds import SECTIONS

    country = CountryFactory(name="Uzbekistan", name_ru="Узбекистан")
    event = EventFactory(
        title="Forum",
        title_ru="Форум",
        body="Some **words**.",
        body_zh_hans="一些话。",
        venue="Hall",
        venue_ru="Зал",
        city="Tashkent",
        hosts="Ministry",
        country=country,
        end_date=None,
    )
    center = CenterFactory(host_organization="Academy", host_organization_zh_hans="科学院", country=None, city="")
    statement = StatementFactory(issuer="Council", issuer_ru="Совет")
    ChangeNote.objects.create(item=statement, note="Corrected")
    statement.refresh_from_db()
    for key, item in (("event", event), ("center", center), ("statement", statement)):
        info = SECTIONS[key]
        with translation.override(language):
            (row,) = reads.feed_rows(info.model, [item.pk], info.texts, info.columns)
            assert row["pk"] == item.pk and row["slug"] == item.slug and row["kind"] == item.kind
            for name in ("title", "summary", "body_html", *info.texts):
                assert row[name] == str(getattr(item, name)), name
            for name in info.columns:
                assert row[name] == getattr(item, name), name
            assert (row["title_lang"], row["body_lang"]) == (language_of(item, "title"), language_of(item, "body"))
            assert (row["publish_at"], row["public_updated_at"]) == (item.publish_at, item.public_updated_at)
            assert row["country_name"] == (str(item.country.name) if getattr(item, "country", None) else "")
    assert reads.feed_rows(SECTIONS["event"].model, [], SECTIONS["event"].texts) == []


# --- A section list's page --------------------------------------------------------------------------

LIST_FILTERS = [
    {},
    {"topic": "energy"},
    {"country": "china"},
    {"topic": "space", "country": "kazakhstan"},
    {"year": "2023"},
    {"kind": "KIND"},
    {"kind": "KIND", "year": "2024", "topic": "energy"},
]
LIST_KINDS = {"event": "forum", "center": "center", "statement": "statement"}  # "KIND" above, for each section


@pytest.fixture
def listed(archive):
    """The timeline's archive, plus initiatives on one day whose titles are translated into Russian or not,
    so the order by title (the reader's language, as the ORM has it) decides."""
    day = datetime.date(2023, 3, 3)
    for title, title_ru in (("Beta", "Альфа"), ("Alpha", ""), ("Gamma", "Бета"), ("Delta", "")):
        CenterFactory(title=title, title_ru=title_ru, launched_on=day, kind="center")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("data", LIST_FILTERS)
@pytest.mark.parametrize("model", ["event", "center", "statement"])
def test_a_list_page_has_the_keys_of_its_filtersets_queryset(listed, model, data, language):
    from sco_portal.core.feeds import SECTIONS, in_use

    info = SECTIONS[model]
    data = {name: LIST_KINDS[model] if value == "KIND" else value for name, value in data.items()}
    with translation.override(language):
        filterset = info.filterset_class(data or None, queryset=info.model.objects.published())
        assert not filterset.is_bound or filterset.is_valid(), filterset.errors
        filters = in_use(filterset.form) if filterset.is_bound else {}
        expected = list(filterset.qs.values_list("pk", flat=True))
        for count, offset in ((3, 0), (5, 3), (20, 0), (7, 14), (100, 0), (5, 1000)):
            found = reads.list_keys(info.model, filterset.year_field, filters, count, offset)
            assert found == expected[offset : offset + count]


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_item_page_reads_its_item_as_the_orm_does(language, django_assert_num_queries):
    """published_by_slug(): what published().select_related(...).get(slug=...) loads, field for field, with the
    related instance (or None) cached; None wherever the ORM finds nothing, drafts and scheduled items too."""
    from sco_portal.centers.models import Center
    from sco_portal.events.models import Event
    from sco_portal.statements.models import Statement

    country = CountryFactory(slug="kazakhstan", name="Kazakhstan", name_ru="Казахстан", iso_code="KZ")
    EventFactory(slug="with-country", country=country, title_ru="Встреча", end_date=datetime.date(2030, 1, 2))
    EventFactory(slug="without-country", country=None, hosts="A & B")
    EventFactory(slug="draft", status=PublicationStatus.DRAFT)
    EventFactory(slug="scheduled", publish_at=timezone.now() + datetime.timedelta(minutes=5))
    CenterFactory(slug="with-country", country=country, featured=True)
    CenterFactory(slug="draft", status=PublicationStatus.DRAFT)
    StatementFactory(slug="with-country", summary_zh_hans="摘要")
    cases = [
        (Event, ("country",)),
        (Center, ("country",)),
        (Statement, ()),
        (Event, ()),
    ]
    slugs = ["with-country", "without-country", "draft", "scheduled", "nope", "With-Country", "with_country"]
    compared = 0
    with translation.override(language):
        for model, related in cases:
            for slug in slugs:
                try:
                    expected = model.objects.published().select_related(*related).get(slug=slug)
                except model.DoesNotExist:
                    expected = None
                found = reads.published_by_slug(model, slug, related)
                if expected is None:
                    assert found is None, (model, slug)
                    continue
                assert type(found) is model and _fields(found) == _fields(expected)
                assert not found._state.adding and found._state.db == expected._state.db
                for name in related:
                    with django_assert_num_queries(0):  # cached, as select_related caches it
                        other = getattr(found, name)
                    wanted = getattr(expected, name)
                    assert (other is None) == (wanted is None)
                    if other is not None:
                        assert type(other) is type(wanted) and _fields(other) == _fields(wanted)
                compared += 1
    assert compared == 6  # events with and without a country (twice over), an initiative, a statement
