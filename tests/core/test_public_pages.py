"""The public site: contract URLs, visibility, filters, malformed input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sco_portal.centers.models import Center
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from sco_portal.taxonomy.models import Country, Topic
from tests.factories import CenterFactory, CountryFactory, EventFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


def contract_urls():
    event, center, statement = Event.objects.first(), Center.objects.first(), Statement.objects.first()
    country = Country.objects.in_sco_on().first()
    topic = Topic.objects.first()
    return [
        "/",
        "/timeline/",
        "/events/",
        event.get_absolute_url(),
        "/centers/",
        center.get_absolute_url(),
        "/statements/",
        statement.get_absolute_url(),
        "/countries/",
        country.get_absolute_url(),
        "/topics/",
        topic.get_absolute_url(),
        "/search/?q=SCO",
        "/sitemap.xml",
        "/robots.txt",
        "/ru/",
        "/zh-hans/events/",
    ]


def test_every_contract_url_answers_200_with_demo_content(client, demo_content):
    for url in contract_urls():
        response = client.get(url)
        assert response.status_code == 200, url


def test_pages_have_one_h1_a_unique_title_and_canonical_link(client, demo_content):
    titles = set()
    urls = [u for u in contract_urls() if not u.startswith(("/ru/", "/zh-hans/"))]
    for url in urls:
        if url.endswith((".xml", ".txt")):
            continue
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert '<link rel="canonical"' in html, url
        assert '<meta name="description"' in html, url
        assert 'property="og:title"' in html, url
        title = html.split("<title>")[1].split("</title>")[0]
        titles.add(title)
    assert len(titles) == len(urls) - 2


def test_detail_pages_carry_schema_org_json_ld(client, demo_content):
    import json

    for obj, schema_type in (
        (Event.objects.first(), "Event"),
        (Statement.objects.first(), "Article"),
        (Center.objects.first(), "Organization"),
    ):
        html = client.get(obj.get_absolute_url()).content.decode()
        block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
        assert json.loads(block)["@type"] == schema_type


def json_ld_of(html):
    import json

    return json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])


def test_an_event_has_a_place_in_json_ld_only_where_the_sources_give_one(client, demo_content):
    summit = json_ld_of(client.get("/events/sco-summit-2025-tianjin/").content.decode())
    assert summit["location"]["name"] == "Meijiang Convention and Exhibition Center"
    assert summit["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Tianjin",
        "addressCountry": "CN",
    }
    founded = json_ld_of(client.get("/events/sco-founded-2001/").content.decode())
    assert "location" not in founded  # neither an empty address nor the event's own title as its place


def test_robots_keep_crawlers_out_of_search_and_previews_in_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for prefix in ("", "/ru", "/zh-hans"):
        assert f"Disallow: {prefix}/search/" in lines
        assert f"Disallow: {prefix}/preview/" in lines
    assert "Disallow: /events/" not in lines


def make_hidden_items():
    """A draft and a scheduled item in each section, all with a word no published item uses."""
    future = timezone.now() + datetime.timedelta(days=3)
    topic = TopicFactory(name="Secret topic", slug="secret-topic")
    hidden = []
    for factory in (EventFactory, CenterFactory, StatementFactory):
        hidden.append(factory(title="Zanzibarish draft", status=PublicationStatus.DRAFT, topics=[topic]))
        hidden.append(factory(title="Zanzibarish scheduled", publish_at=future, topics=[topic]))
    return hidden, topic


def test_drafts_and_scheduled_items_are_absent_everywhere(client):
    visible_event = EventFactory(title="Visible meeting")
    hidden, topic = make_hidden_items()
    visible_event.topics.add(topic)
    for url in [
        "/",
        "/timeline/",
        "/events/",
        "/centers/",
        "/statements/",
        f"/topics/{topic.slug}/",
        "/sitemap.xml",
        visible_event.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        assert "Zanzibarish" not in html, url
    assert client.get("/search/?q=Zanzibarish").context["results"] == []
    for item in hidden:
        assert client.get(item.get_absolute_url()).status_code == 404


def test_scheduled_item_appears_once_its_time_comes(client):
    event = EventFactory(title="Tomorrow's forum", publish_at=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(event.get_absolute_url()).status_code == 404
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(event.get_absolute_url()).status_code == 200
    assert "Tomorrow&#x27;s forum" in client.get("/events/").content.decode()


class TestFilters:
    @pytest.fixture
    def world(self):
        ai = TopicFactory(name="Artificial intelligence", slug="artificial-intelligence")
        energy = TopicFactory(name="Energy", slug="energy")
        kz = CountryFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
        cn = CountryFactory(name="China", slug="china", iso_code="CN")
        return {
            "ai_kz_2025": EventFactory(
                title="AI forum Astana", kind="forum", start_date=datetime.date(2025, 3, 1), topics=[ai], countries=[kz]
            ),
            "ai_cn_2024": EventFactory(
                title="AI summit Beijing", kind="summit", start_date=datetime.date(2024, 3, 1), topics=[ai],
                countries=[cn],
            ),
            "energy_kz_2025": EventFactory(
                title="Energy forum Almaty", kind="forum", start_date=datetime.date(2025, 5, 1), topics=[energy],
                countries=[kz], body="Pipelines and grids.",
            ),
        }  # fmt: skip

    def titles(self, client, query):
        response = client.get("/events/" + query)
        assert response.status_code == 200, query
        return {e.title for e in response.context["object_list"]}

    def test_each_filter_narrows_results(self, client, world):
        assert self.titles(client, "?topic=artificial-intelligence") == {"AI forum Astana", "AI summit Beijing"}
        assert self.titles(client, "?country=kazakhstan") == {"AI forum Astana", "Energy forum Almaty"}
        assert self.titles(client, "?kind=summit") == {"AI summit Beijing"}
        assert self.titles(client, "?year=2025") == {"AI forum Astana", "Energy forum Almaty"}
        assert self.titles(client, "?q=grids") == {"Energy forum Almaty"}
        assert self.titles(client, "?topic=artificial-intelligence&country=kazakhstan") == {"AI forum Astana"}

    def test_timeline_takes_the_same_filters(self, client, world):
        response = client.get("/timeline/?topic=energy&year=2025")
        assert [e.title for e in response.context["entries"]] == ["Energy forum Almaty"]

    def test_active_filters_are_removable_one_by_one_and_feed_is_linked(self, client, world):
        html = client.get("/events/?topic=artificial-intelligence&country=kazakhstan").content.decode()
        assert 'href="?country=kazakhstan"' in html  # removing the topic keeps the country
        assert 'href="?topic=artificial-intelligence"' in html
        assert "/feeds/events.rss?topic=artificial-intelligence&amp;country=kazakhstan" in html
        assert "1 result" in html

    def test_pagination_keeps_filters(self, client, world):
        ai = Topic.objects.get(slug="artificial-intelligence")
        for i in range(25):
            EventFactory(title=f"Extra {i}", topics=[ai])
        html = client.get("/events/?topic=artificial-intelligence").content.decode()
        assert "?topic=artificial-intelligence&amp;page=2" in html
        page2 = client.get("/events/?topic=artificial-intelligence&page=2")
        assert len(page2.context["object_list"]) == 27 - 20

    def test_empty_state_says_what_to_try(self, client, world):
        html = client.get("/events/?q=nothingmatchesthis").content.decode()
        assert "Nothing matches these filters" in html and "Try removing a filter" in html


MALFORMED = [
    "?year=abc",
    "?year=99999999999999999999",
    "?year=-1",
    "?topic=no-such-topic",
    "?country=%00",
    "?kind=bogus",
    "?page=999999",
    "?page=abc",
    "?page=-1",
    "?q=" + "x" * 5000,
    "?topic=a&topic=b&topic=c",
    "?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "?year=%3Cscript%3E",
    "?topic=%3Cimg%20src=x%20onerror=alert(1)%3E",
    "?at=event-99999999",
    "?at=%3Cscript%3E",
    "?q=%F0%9F%98%80&year=2025",
]


@pytest.mark.parametrize("query", MALFORMED)
@pytest.mark.parametrize("path", ["/events/", "/centers/", "/statements/", "/timeline/", "/search/"])
def test_malformed_input_never_causes_5xx_or_reflects_unescaped(client, path, query):
    EventFactory()
    response = client.get(path + query)
    assert response.status_code < 500
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body and "<script>" not in body


def test_bad_filter_value_gets_400_with_a_clear_message(client):
    response = client.get("/events/?year=abc&topic=no-such-topic")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "Select a valid choice" in html
    assert "as a feed" not in html  # never offer a feed of everything for a broken filter
    assert '<meta name="robots" content="noindex">' in html and 'rel="canonical"' not in html
    assert "the filter form says which" in html


def test_page_out_of_range_is_404(client):
    EventFactory()
    assert client.get("/events/?page=999999").status_code == 404


def test_timeline_entries_have_time_anchor_and_permalink(client):
    event = EventFactory(title="Anchored event", start_date=datetime.date(2024, 2, 2))
    html = client.get("/timeline/").content.decode()
    assert f'id="event-{event.pk}"' in html
    assert '<time datetime="2024-02-02">' in html
    response = client.get(f"/timeline/?at=event-{event.pk}")
    assert response.status_code == 302 and response["Location"].endswith(f"#event-{event.pk}")
    assert client.get("/timeline/?at=").status_code == 200  # an empty permalink is no permalink


def test_timeline_marks_today_and_years(client):
    EventFactory(start_date=timezone.localdate() + datetime.timedelta(days=30), title="Upcoming")
    EventFactory(start_date=datetime.date(2019, 1, 1), title="Old")
    html = client.get("/timeline/").content.decode()
    assert 'id="today"' in html
    assert 'id="year-2019"' in html and "#year-2019" in html
    assert "<svg" in html and 'class="bar bar-event"' in html


def test_center_timeline_includes_linked_events_without_other_edits(client):
    center = CenterFactory(title="Qingdao center", launched_on=datetime.date(2025, 9, 4))
    event = EventFactory(title="Unveiling ceremony")
    assert "Unveiling ceremony" not in client.get(center.get_absolute_url()).content.decode()
    event.centers.add(center)
    assert "Unveiling ceremony" in client.get(center.get_absolute_url()).content.decode()


def test_event_page_has_previous_and_next(client):
    first = EventFactory(start_date=datetime.date(2024, 1, 1), title="First one")
    middle = EventFactory(start_date=datetime.date(2024, 6, 1), title="Middle one")
    last = EventFactory(start_date=datetime.date(2024, 12, 1), title="Last one")
    response = client.get(middle.get_absolute_url())
    assert response.context["previous_event"]["url"] == first.get_absolute_url()
    assert response.context["next_event"]["url"] == last.get_absolute_url()
    html = response.content.decode()
    assert f'<a rel="prev" href="{first.get_absolute_url()}">' in html and "First one" in html
    assert f'<a rel="next" href="{last.get_absolute_url()}">' in html and "Last one" in html


def test_search_finds_words_in_title_and_body_and_highlights(client):
    EventFactory(title="Quantum workshop", body="Nothing else.")
    StatementFactory(title="Plain statement", body="It mentions quantum computing.")
    response = client.get("/search/?q=quantum")
    titles = [r.title for r in response.context["results"]]
    assert titles == ["Quantum workshop", "Plain statement"]  # title match ranks first
    assert "<mark>Quantum</mark>" in response.content.decode()


def test_search_needs_every_word(client):
    EventFactory(title="Green energy forum")
    EventFactory(title="Green industry forum")
    response = client.get("/search/?q=green+energy")
    assert [r.title for r in response.context["results"]] == ["Green energy forum"]


def test_sitemap_lists_every_published_item_only(client):
    published = EventFactory()
    draft = EventFactory(status=PublicationStatus.DRAFT)
    xml = client.get("/sitemap-events.xml").content.decode()
    assert published.get_absolute_url() in xml
    assert draft.get_absolute_url() not in xml


def test_custom_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'rel="canonical"' not in response.content.decode()  # an address that is nothing is no one's copy


@pytest.mark.parametrize(("prefix", "kind_shown"), [("", "Statement"), ("/ru", "Заявление"), ("/zh-hans", "声明")])
def test_a_statement_of_the_kind_statement_is_not_called_statement_twice(client, prefix, kind_shown):
    from sco_portal.statements.models import StatementKind

    StatementFactory(title="On science", kind=StatementKind.STATEMENT)
    StatementFactory(title="Qingdao declaration", kind=StatementKind.DECLARATION)
    html = client.get(f"{prefix}/timeline/").content.decode()
    assert f'<span class="kind">{kind_shown}</span>' in html
    assert f"{kind_shown} · {kind_shown}" not in html
    assert f'<span class="kind">{kind_shown} · ' in html  # the declaration: section, then its kind


def test_home_counts_members_and_partners_from_status_history(client, demo_content):
    html = client.get(reverse("home")).content.decode()
    assert "Member states" in html and ">10<" in html


def test_pages_advertise_the_feed_that_matches_them(client, demo_content):
    topic = Topic.objects.get(slug="artificial-intelligence")
    country = Country.objects.get(slug="kazakhstan")
    expectations = {
        topic.get_absolute_url(): f'href="/feeds/topics/{topic.slug}.rss"',
        country.get_absolute_url(): f'href="/feeds/countries/{country.slug}.rss"',
        "/events/?topic=artificial-intelligence": 'href="/feeds/events.rss?topic=artificial-intelligence"',
        "/timeline/?country=kazakhstan": 'href="/feeds/latest.rss?country=kazakhstan"',
        Statement.objects.first().get_absolute_url(): 'href="/feeds/statements.rss"',
    }
    for url, link in expectations.items():
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert 'rel="alternate" type="application/rss+xml"' in head and link in head, url
        assert 'type="application/atom+xml"' in head, url


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", "SCO partner since Sept. 1, 2025."), ("/ru", "Статус в ШОС с"), ("/zh-hans", "自2025年9月1日起为")],
)
def test_a_country_page_says_its_status_and_since_when(client, prefix, expected):
    from tests.factories import CountryStatusFactory

    status = CountryStatusFactory(status="partner", since=datetime.date(2025, 9, 1))
    html = client.get(prefix + status.country.get_absolute_url()).content.decode()
    lede = html.split('<p class="lede">')[1].split("</p>")[0]
    assert expected in lede, lede
    assert "of the SCO since" not in lede


@pytest.mark.parametrize("path", ["/events/", "/timeline/", "/search/?q=forum"])
def test_page_last_is_the_last_page_everywhere(client, path):
    EventFactory.create_batch(25, title="Energy forum")
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}page=last")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert client.get(f"{path}{joiner}page=lastly").status_code == 404


@pytest.mark.parametrize(
    ("prefix", "name", "office"),
    [
        ("", "Xi Jinping", "President of China"),
        ("/ru", "Си Цзиньпин", "Председатель КНР"),
        ("/zh-hans", "习近平", "中国国家主席"),
    ],
)
def test_a_speech_is_by_a_person_with_an_office_and_a_joint_statement_by_a_body(
    client, demo_content, prefix, name, office
):
    speech = json_ld_of(client.get(f"{prefix}/statements/xi-jinping-speech-sco-plus-meeting-2025/").content.decode())
    assert speech["author"] == {"@type": "Person", "name": name, "jobTitle": office}
    remarks = json_ld_of(
        client.get(f"{prefix}/statements/liu-bin-remarks-sco-assistant-foreign-ministers-2025/").content.decode()
    )
    assert remarks["author"]["@type"] == "Person"
    assert "jobTitle" not in remarks["author"]  # the sources give no office
    joint = json_ld_of(client.get(f"{prefix}/statements/sco-statement-digital-economy-2025/").content.decode())
    assert joint["author"]["@type"] == "Organization"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=3",
        "topic=energy&page=2&q=a%26b",
        "page=1&page=2&x=1",
        "q=page%3D0&topic=x",
        "a=1&b=&page=",
        "x=%D1%88",
    ],
)
def test_the_year_index_links_are_the_query_with_only_the_page_changed(query):
    """The timeline encodes its query once and puts each year's page into it (views.query_around_page)."""
    from django.http import QueryDict

    from sco_portal.core.views import query_around_page

    before, after = query_around_page(QueryDict(query))
    for number in (1, 12, 3000):
        expected = QueryDict(query, mutable=True)
        expected["page"] = str(number)
        assert f"{before}{number}{after}" == expected.urlencode()
