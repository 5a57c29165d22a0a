"""The shortcuts that make renders cheaper must give exactly what the slow, general way gives.

Item addresses (core.addresses), choice labels (core.models.display), memoised dates (core.dates),
topics read as values (core.timeline.topics_of) and the rows written in Python (templatetags.rows).
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

from sco_portal.centers.models import Center, CenterStatus
from sco_portal.core import timeline
from sco_portal.core.addresses import page_url, slug_url
from sco_portal.core.dates import DatePrecision, format_partial
from sco_portal.core.timeline import Entry, topics_of
from sco_portal.events.models import Event, EventKind
from sco_portal.statements.models import Statement
from tests.factories import CenterFactory, CountryFactory, EventFactory, StatementFactory, TopicFactory

LANGUAGES = ["en", "ru", "zh-hans"]
HOSTILE = "<script>alert(\"x\")</script> & 'quoted' <b onmouseover=alert(1)>"


# --- Addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name", ["events:detail", "centers:detail", "statements:detail", "taxonomy:topic_detail", "taxonomy:country_detail"]
)
def test_slug_url_is_reverse(name, language):
    with translation.override(language):
        for slug in ["sco-summit-2025-tianjin", "a", "x_y-2"]:
            assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_url_is_reverse(language):
    with translation.override(language):
        for name in ["home", "timeline", "search", "events:list", "feeds:latest_rss"]:
            assert page_url(name) == reverse(name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_url_tag_is_the_url_tag(language):
    names = ["home", "timeline", "search", "events:list", "taxonomy:country_list", "feeds:index", "sitemap"]
    ours = Template(
        "{% load portal %}" + "".join(f"{{% page_url '{n}' %}}|{{% page_url '{n}' as u %}}{{{{ u }}}};" for n in names)
    )
    django = Template("".join(f"{{% url '{n}' %}}|{{% url '{n}' as u %}}{{{{ u }}}};" for n in names))
    with translation.override(language):
        assert ours.render(Context()) == django.render(Context())


NAV_TEMPLATE = (
    """<nav class="site-nav" aria-label="{% translate 'Main' %}">
      <ul class="wrap">
"""
    + "".join(
        "        {% url '"
        + name
        + '\' as u %}<li><a href="{{ u }}"'
        + '{% if path == u %} aria-current="page"{% endif %}>{% translate "'
        + label
        + '" %}</a></li>\n'
        for name, label in [
            ("timeline", "Timeline"),
            ("events:list", "Events"),
            ("centers:list", "Initiatives"),
            ("statements:list", "Statements"),
            ("taxonomy:country_list", "Countries"),
            ("taxonomy:topic_list", "Topics"),
            ("feeds:index", "Subscribe"),
        ]
    )
    + """      </ul>
    </nav>"""
)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["timeline", "events:list", "feeds:index", "home", "search"])
def test_the_site_nav_is_the_templates_markup(language, page):
    with translation.override(language):
        path = reverse(page)
        ours = Template("{% load portal %}{% site_nav path %}").render(Context({"path": path}))
        theirs = Template("{% load i18n %}" + NAV_TEMPLATE).render(Context({"path": path}))
    assert ours == theirs
    assert ours.count('aria-current="page"') == (page not in ("home", "search"))


def test_addresses_follow_the_script_prefix_and_the_url_configuration():
    assert slug_url("events:detail", "x") == "/events/x/"
    set_script_prefix("/portal/")
    try:
        assert slug_url("events:detail", "x") == "/portal/events/x/" == reverse("events:detail", args=["x"])
        assert page_url("timeline") == "/portal/timeline/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.production.urls"):
        assert page_url("timeline") == reverse("timeline")
    assert slug_url("events:detail", "x") == "/events/x/"


# --- Choice labels -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_display_is_djangos_get_field_display(language):
    with translation.override(language):
        for value, _label in EventKind.choices:
            event = Event(kind=value)
            assert event.get_kind_display() == event._get_FIELD_display(Event._meta.get_field("kind"))
        for value, _label in CenterStatus.choices:
            center = Center(initiative_status=value)
            field = Center._meta.get_field("initiative_status")
            assert center.get_initiative_status_display() == center._get_FIELD_display(field)
        # A value that is not (or no longer) a choice shows as itself, as Django's does.
        assert Statement(kind="retired-kind").get_kind_display() == "retired-kind"
    with translation.override("ru"):
        assert Event(kind=EventKind.FORUM).get_kind_display() != Event(kind=EventKind.FORUM).kind


# --- Dates -------------------------------------------------------------------------------------


def test_memoised_dates_follow_the_language():
    day = datetime.date(2025, 5, 12)
    seen = {}
    for language in LANGUAGES * 2:
        with translation.override(language):
            for precision in DatePrecision.values:
                seen.setdefault((language, precision), format_partial(day, precision))
                assert format_partial(day, precision) == seen[language, precision]
    assert seen["en", "month"] == "May 2025"
    assert seen["ru", "month"] == "май 2025 г."
    assert seen["zh-hans", "day"] != seen["en", "day"]
    assert format_partial(None, "day") == ""


# --- Topics as values --------------------------------------------------------------------------


@pytest.mark.django_db
def test_topics_of_gives_each_items_topics_sorted_in_the_readers_language(django_assert_num_queries):
    water = TopicFactory(name="Water", slug="water", name_ru="Вода")
    energy = TopicFactory(name="Energy", slug="energy", name_ru="Энергетика")
    space = TopicFactory(name="Space", slug="space")  # no Russian name
    event = EventFactory(topics=[water, energy])
    center = CenterFactory(topics=[space, energy])
    statement = StatementFactory()
    pairs = [("event", event.pk), ("center", center.pk), ("statement", statement.pk)]
    with django_assert_num_queries(1):
        topics = topics_of(pairs)
    assert [t["slug"] for t in topics["event", event.pk]] == ["energy", "water"]
    assert topics["statement", statement.pk] == []
    with translation.override("ru"):
        topics = topics_of(pairs)
    assert [(t["name"], t["name_lang"]) for t in topics["event", event.pk]] == [("Вода", "ru"), ("Энергетика", "ru")]
    assert ("Space", "en") in [(t["name"], t["name_lang"]) for t in topics["center", center.pk]]
    with django_assert_num_queries(0):
        assert topics_of([]) == {}


# --- Rows --------------------------------------------------------------------------------------


class Parsed(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags, self.text, self.attrs = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def render(source, **context):
    return Template("{% load rows %}" + source).render(Context(context))


def entry(**kwargs):
    fields = {
        "pk": 7,
        "section": "event",
        "milestone": "",
        "title": HOSTILE,
        "slug": "hostile",
        "kind": "forum",
        "date": datetime.date(2025, 5, 12),
        "precision": "day",
        "city": HOSTILE,
        "summary": HOSTILE,
        "topics": [{"name": HOSTILE, "slug": "energy", "name_lang": "en"}],
    }
    return Entry(**{**fields, **kwargs})


ROW_TAGS = ["{% entry_row e %}", "{% entry_row e permalink=True %}", "{% entry_row e words=w %}"]


@pytest.mark.parametrize("source", ROW_TAGS)
def test_entry_rows_escape_every_text(source):
    html = render(source, e=entry(), w=["alert", "<b"])
    parsed = Parsed(html)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert not [name for name, _value in parsed.attrs if name.startswith("on")]
    assert HOSTILE in "".join(parsed.text).replace("\n", "") or "<mark>" in html
    assert '<time datetime="2025-05-12">May 12, 2025</time>' in html
    assert 'href="/events/hostile/"' in html and 'href="/topics/energy/"' in html


def test_entry_rows_mark_search_words_and_link_to_their_point():
    html = render("{% entry_row e words=w %}", e=entry(title="Energy forum", summary="On energy."), w=["energy"])
    assert "<mark>Energy</mark> forum" in html and "On <mark>energy</mark>." in html
    html = render("{% entry_row e permalink=True %}", e=entry(milestone="launched", section="center"))
    assert 'href="/timeline/?at=center-7-launched"' in html and 'id="center-7-launched"' in html


def test_the_labels_and_addresses_rows_share_follow_the_language_and_the_script_prefix():
    e = entry(title="Forum", topics=[{"name": "Energy", "slug": "energy", "name_lang": "en"}])
    for language, prefix, label in (("ru", "/ru", "Ссылка на это место"), ("en", "", "Link to this point")):
        with translation.override(language):
            html = render("{% entry_row e permalink=True %}", e=e)
        assert f'href="{prefix}/timeline/?at=event-7">{label}' in html and f'href="{prefix}/topics/energy/"' in html
    set_script_prefix("/portal/")
    try:
        html = render("{% entry_row e permalink=True %}", e=e)
    finally:
        set_script_prefix("/")
    assert 'href="/portal/timeline/?at=event-7"' in html and 'href="/portal/topics/energy/"' in html


@pytest.mark.django_db
def test_item_cards_escape_and_say_where_text_falls_back_to_english():
    country = CountryFactory(name=HOSTILE)
    topic = TopicFactory(name="Energy", slug="energy", name_ru="")
    event = EventFactory(title=HOSTILE, summary=HOSTILE, city="", country=country, slug="hostile-card", topics=[topic])
    (card,) = timeline.list_cards(Event, [event.pk])
    html = render("{% item_card item %}", item=card)
    parsed = Parsed(html)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert HOSTILE in "".join(parsed.text)
    assert 'href="/events/hostile-card/"' in html and ' lang="en"' not in html
    with translation.override("ru"):
        (card,) = timeline.list_cards(Event, [event.pk])
        html = render("{% item_card item %}", item=card)
    # Untranslated title, summary and topic are marked as English for a Russian reader.
    assert html.count(' lang="en"') == 3
    assert 'href="/ru/events/hostile-card/"' in html and 'href="/ru/topics/energy/"' in html


@pytest.mark.django_db
def test_topic_tags_take_topic_instances_too():
    topics = [
        TopicFactory(name="Energy", slug="energy", name_ru="Энергетика"),
        TopicFactory(name="Space", slug="space"),
    ]
    with translation.override("ru"):
        html = render("{% topic_tags topics %}", topics=topics)
    assert '<a href="/ru/topics/energy/">Энергетика</a>' in html
    assert '<a href="/ru/topics/space/" lang="en">Space</a>' in html
    assert render("{% topic_tags topics %}", topics=[]) == ""


def timeline_of(dates, marker_at):
    entries = [entry(pk=n, date=day) for n, day in enumerate(dates)]
    for n, item in enumerate(entries):
        item.is_today_marker = n == marker_at
    return entries


def test_timeline_entries_group_by_year_then_month_with_the_today_marker_between():
    days = [
        datetime.date(2026, 12, 3),
        datetime.date(2026, 12, 1),
        datetime.date(2026, 11, 5),
        datetime.date(2025, 1, 9),
    ]
    html = render(
        "{% timeline_entries entries today %}", entries=timeline_of(days, 2), today=datetime.date(2026, 11, 24)
    )
    parsed = Parsed(html)
    assert parsed.tags.count("section") == 2 and parsed.tags.count("h2") == 2 and parsed.tags.count("ol") == 3
    assert [value for name, value in parsed.attrs if name == "aria-labelledby"] == ["year-2026", "year-2025"]
    headings = [
        '<h2 id="year-2026">2026</h2>',
        "December 2026",
        "November 2026",
        '<h2 id="year-2025">2025</h2>',
        "January 2025",
    ]
    assert [html.index(heading) for heading in headings] == sorted(html.index(heading) for heading in headings)
    # The marker is a list item in November's list, before the first entry that is not in the future.
    november = html.index("November 2026")
    assert november < html.index('<li class="today-marker" id="today">') < html.index('id="event-2"')
    assert html.count('id="today"') == 1


def test_timeline_entries_start_a_year_with_the_marker_above_its_heading():
    days = [datetime.date(2027, 2, 1), datetime.date(2026, 3, 1)]
    with translation.override("ru"):
        html = render(
            "{% timeline_entries entries today %}", entries=timeline_of(days, 1), today=datetime.date(2026, 11, 24)
        )
    assert html.index('<p class="today-marker" id="today"><span>Сегодня') < html.index('id="year-2026"')
    assert html.count('id="today"') == 1
    assert render("{% timeline_entries entries today %}", entries=[], today=datetime.date(2026, 1, 1)) == ""


# --- Markup the same for every page ------------------------------------------------------------

SHARED_PAGES = ["/", "/timeline/", "/events/?topic=energy", "/search/?q=" + HOSTILE, "/nope/", "/feeds/"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_markup_kept_per_language_is_what_the_template_renders_each_time(client, language, monkeypatch):
    """{% same_for_every_page %} keeps what it holds per language; rendered afresh every time, every page is
    the same, and a language, the portal's name or a search typed into the box is never carried over."""
    from django.utils.http import urlencode

    from sco_portal.core.templatetags.portal import SameForEveryPageNode

    EventFactory(title="Energy forum", topics=[TopicFactory(slug="energy")])
    prefix = "" if language == "en" else f"/{language}"
    pages = [
        prefix + page.split("?")[0] + (f"?{urlencode({'q': HOSTILE})}" if "q=" in page else "") for page in SHARED_PAGES
    ]
    for page in [pages[0]] + [f"/{other}/" for other in ("ru", "zh-hans") if other != language]:
        client.get(page)  # kept in other languages first
    kept = [client.get(page).content for page in pages]
    monkeypatch.setattr(SameForEveryPageNode, "render", lambda node, context: node.nodelist.render(context))
    assert kept == [client.get(page).content for page in pages]
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in kept[3]  # the search box's value, escaped


@pytest.mark.django_db
def test_markup_kept_per_language_follows_the_language_and_the_portals_name(client):
    english, russian = client.get("/").content.decode(), client.get("/ru/").content.decode()
    assert "Skip to main content" in english and "Skip to main content" not in russian
    assert client.get("/").content.decode() == english
    with override_settings(PORTAL_NAME="Another portal"):
        renamed = client.get("/").content.decode()
    assert 'title="Another portal — Everything"' in renamed and "Another portal</span>" in renamed


def test_markup_kept_per_language_follows_the_script_prefix():
    kept = Template(
        "{% load portal %}{% same_for_every_page %}{% page_url 'feeds:index' %}{% end_same_for_every_page %}"
    )
    assert kept.render(Context()) == "/feeds/"
    set_script_prefix("/portal/")
    try:
        assert kept.render(Context()) == "/portal/feeds/"
    finally:
        set_script_prefix("/")
    assert kept.render(Context()) == "/feeds/"


def test_markup_kept_per_language_is_kept_for_a_bounded_number_of_configurations():
    from sco_portal.core.templatetags.portal import SameForEveryPageNode

    kept = Template(
        "{% load portal %}{% same_for_every_page %}{% page_url 'feeds:index' %}{% end_same_for_every_page %}"
    )
    try:
        for n in range(SameForEveryPageNode.KEPT * 2):
            set_script_prefix(f"/p{n}/")
            assert kept.render(Context()) == f"/p{n}/feeds/"
    finally:
        set_script_prefix("/")
    [node] = kept.nodelist.get_nodes_by_type(SameForEveryPageNode)
    assert 0 < len(node.rendered) <= SameForEveryPageNode.KEPT
