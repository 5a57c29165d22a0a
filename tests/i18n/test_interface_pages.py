"""Every public page in Russian and Chinese: its language declared, its alternates, a switcher
to the same page, and no English left in the interface."""

from html.parser import HTMLParser

import pytest
from django.utils import translation

from tests.factories import EventFactory
from tests.i18n.test_interface_catalogues import catalogue

PAGES = [
    "/",
    "/timeline/",
    "/events/",
    "/events/tianjin-tashkent-cargo-train-2025/",
    "/centers/",
    "/centers/china-sco-sci-tech-innovation-cooperation-center/",
    "/statements/",
    "/statements/sco-statement-sustainable-energy-development-2025/",
    "/countries/",
    "/countries/kazakhstan/",
    "/topics/",
    "/topics/artificial-intelligence/",
    "/search/?q=SCO",
    "/feeds/",
]
# Django language code: (URL prefix, BCP 47 tag, the language's name in itself, .po directory)
LANGUAGES = {
    "en": ("", "en", "English", None),
    "ru": ("/ru", "ru", "Русский", "ru"),
    "zh-hans": ("/zh-hans", "zh-Hans", "简体中文", "zh_Hans"),
}
HOST = "http://testserver"
# Attributes whose values readers hear or see.
SPOKEN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class Page(HTMLParser):
    """What the tests look at in a rendered page; each text with the language its element declares."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.alternates = {}
        self.canonical = None
        self.switcher = []
        self.texts = []  # (text, language)
        self._languages = []  # [tag, language, nested same tags] for elements with a lang attribute
        self._in_switcher = self._in_link = False
        self._skip = 0
        self.feed(html)

    @property
    def language(self):
        return self._languages[-1][1] if self._languages else self.html_lang

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif "lang" in attrs:
            self._languages.append([tag, attrs["lang"], 0])
        elif self._languages and self._languages[-1][0] == tag:
            self._languages[-1][2] += 1
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        if tag == "a" and self._in_switcher:
            self.switcher.append({**attrs, "text": ""})
            self._in_link = True
        if tag in ("script", "style"):
            self._skip += 1
        self.texts.extend((attrs[name].strip(), self.language) for name in SPOKEN_ATTRIBUTES if attrs.get(name))

    def handle_endtag(self, tag):
        if self._languages and self._languages[-1][0] == tag:
            if self._languages[-1][2]:
                self._languages[-1][2] -= 1
            else:
                self._languages.pop()
        if tag == "nav":
            self._in_switcher = False
        if tag == "a":
            self._in_link = False
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in_link:
            self.switcher[-1]["text"] += data
        if not self._skip and data.strip():
            self.texts.append((" ".join(data.split()), self.language))

    def says(self, text):
        """The text appears, in the page's own language."""
        return (text, self.html_lang) in self.texts


def get_page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return Page(response.content.decode())


def localized(path, language):
    return LANGUAGES[language][0] + path


@pytest.fixture(autouse=True)
def _default_language_around_each_test():
    """A request leaves its language active in the thread; the next test starts in English again."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def pages(client, demo_content):
    """Render each page in a language once per test."""
    return lambda language: [(path, get_page(client, localized(path, language))) for path in PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_declares_its_language_alternates_and_switcher(pages, language):
    for path, page in pages(language):
        assert page.html_lang == LANGUAGES[language][1], path
        # hreflang: this page's canonical address in each language, English (unprefixed) as the default.
        canonical = path.split("?")[0]
        assert page.alternates == {
            "en": HOST + canonical,
            "ru": HOST + "/ru" + canonical,
            "zh-Hans": HOST + "/zh-hans" + canonical,
            "x-default": HOST + canonical,
        }, path
        # The switcher: the same page in each language, named in that language, this one current.
        assert [(a["href"], a["hreflang"], a["lang"], a["text"], a.get("aria-current")) for a in page.switcher] == [
            (localized(path, code), tag, tag, name, "true" if code == language else None)
            for code, (_prefix, tag, name, _po) in LANGUAGES.items()
        ], path


@pytest.mark.django_db
def test_hreflang_names_the_canonical_address_in_each_language_without_filters_or_campaigns(client, demo_content):
    page = get_page(client, "/ru/events/?topic=energy&page=1&utm_source=newsletter")
    assert page.alternates == {
        "en": HOST + "/events/",
        "ru": HOST + "/ru/events/",
        "zh-Hans": HOST + "/zh-hans/events/",
        "x-default": HOST + "/events/",
    }
    assert page.canonical == HOST + "/ru/events/"


@pytest.mark.django_db
def test_switcher_keeps_the_filters_and_page(client, demo_content):
    page = get_page(client, "/ru/events/?topic=energy&year=2025")
    assert [a["href"] for a in page.switcher] == [
        "/events/?topic=energy&year=2025",
        "/ru/events/?topic=energy&year=2025",
        "/zh-hans/events/?topic=energy&year=2025",
    ]
    assert page.alternates["zh-Hans"] == HOST + "/zh-hans/events/"  # hreflang: the canonical address


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [("/ru/no-such-page/", "Страница не найдена"), ("/zh-hans/no-such-page/", "页面未找到")],
)
def test_page_not_found_speaks_the_language_of_its_address_and_offers_the_others(client, path, heading):
    page = get_page(client, path, status=404)
    assert page.says(heading)
    assert [a["href"] for a in page.switcher] == [
        "/no-such-page/",
        "/ru/no-such-page/",
        "/zh-hans/no-such-page/",
    ]


@pytest.mark.django_db
def test_english_pages_have_no_prefix_and_say_so(client, demo_content):
    page = get_page(client, "/events/")
    assert page.html_lang == "en"
    assert page.says("Timeline") and not page.says("Хронология")
    # No language negotiation on unprefixed addresses: they are English for everyone.
    page = Page(client.get("/events/", headers={"accept-language": "ru"}).content.decode())
    assert page.html_lang == "en"


# --- No English left in the interface ---------------------------------------------------------

# Interface strings every page shows, by language: navigation, search, skip link, footer.
FRAME = {
    "ru": ["Хронология", "События", "Инициативы", "Заявления", "Страны", "Темы", "Подписка", "Поиск"],
    "zh-hans": ["时间线", "活动", "合作项目", "声明", "国家", "主题", "订阅", "搜索"],
}
FRAME_EN = ["Timeline", "Events", "Initiatives", "Statements", "Countries", "Topics", "Subscribe", "Search"]


def interface_strings(language):
    """English interface strings (with their translations) that can stand alone as a text on a page."""
    _header, entries = catalogue(LANGUAGES[language][3])
    return {
        e["msgid"]: e["msgstr"][0]
        for e in entries
        if not e["msgid_plural"] and "%" not in e["msgid"] and e["msgstr"][0] != e["msgid"]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_no_english_interface_string_is_left_on_any_page(pages, language):
    english = interface_strings(language)
    for path, page in pages(language):
        # Text marked as another language (the switcher's "English", content shown in English
        # until it is translated) is not interface text in this page's language.
        left = sorted({text for text, lang in page.texts if lang == page.html_lang and text in english})
        assert not left, f"{localized(path, language)} still shows {left}"
        for label in FRAME[language]:
            assert page.says(label), (path, label)
        for label in FRAME_EN:
            assert not page.says(label), (path, label)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/ru/events/", ["Фильтр", "Применить фильтры", "Сбросить всё", "Все темы", "Любой год"]),
        ("/zh-hans/events/", ["筛选", "应用筛选", "全部清除", "全部主题", "任意年份"]),
        ("/ru/timeline/", ["Перейти к сегодняшнему дню", "Перейти к году", "Активность по годам"]),
        ("/zh-hans/timeline/", ["跳转到今天", "跳转到年份", "各年份动态"]),
        ("/ru/", ["ШОС в цифрах", "Последние публикации", "Предстоящие события", "Государства-члены"]),
        ("/zh-hans/", ["上合组织概况", "最新内容", "即将举行的活动", "成员国"]),
        ("/ru/events/tianjin-tashkent-cargo-train-2025/", ["Дата", "Место", "Источники", "Первый поезд"]),
        ("/zh-hans/events/tianjin-tashkent-cargo-train-2025/", ["日期", "地点", "出处", "首发班列"]),
        ("/ru/feeds/", ["Ленты и календарь", "Один раздел", "Календарь событий"]),
        ("/zh-hans/feeds/", ["订阅源与日历", "单个栏目", "活动日历"]),
    ],
)
def test_page_specific_interface_is_translated(client, demo_content, path, expected):
    page = get_page(client, path)
    for text in expected:
        assert page.says(text), (path, text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/ru/feeds/events.rss", "<title>Портал сотрудничества ШОС — События</title>"),
        ("/zh-hans/feeds/events.rss", "<title>上合组织合作门户 — 活动</title>"),
        ("/ru/feeds/events.rss?year=2025", "<title>Портал сотрудничества ШОС — События за 2025 год</title>"),
        ("/zh-hans/feeds/events.rss?year=2025", "<title>上合组织合作门户 — 活动（年份：2025）</title>"),
    ],
)
def test_feed_titles_are_in_the_language_of_the_address(client, demo_content, path, title):
    assert title in client.get(path).content.decode()


@pytest.mark.django_db
def test_sitemap_lists_each_page_in_every_language_with_its_alternates(client):
    url = EventFactory().get_absolute_url()
    xml = client.get("/sitemap-events.xml").content.decode() + client.get("/sitemap-pages.xml").content.decode()
    for prefix in ("", "/ru", "/zh-hans"):
        assert f"<loc>{HOST}{prefix}{url}</loc>" in xml
        assert f"<loc>{HOST}{prefix}/timeline/</loc>" in xml
    for hreflang, prefix in (("en", ""), ("ru", "/ru"), ("zh-hans", "/zh-hans"), ("x-default", "")):
        assert f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{HOST}{prefix}{url}"/>' in xml


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "zh-hans"])
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/events/?year=abc&topic=no-such-topic", 400),
        ("/timeline/?kind=bogus", 400),
        ("/search/?q=" + "x" * 300, 400),
        ("/search/?q=zzyzx", 200),
        ("/statements/?q=zzyzx", 200),
    ],
)
def test_error_and_empty_states_speak_the_readers_language(client, demo_content, language, path, status):
    page = get_page(client, localized(path, language), status=status)
    english = interface_strings(language)
    left = sorted({text for text, lang in page.texts if lang == page.html_lang and text in english})
    assert not left, f"{localized(path, language)} still shows {left}"
    # Django's own messages (form errors) come from its catalogues in the same language.
    assert not any("Select a valid choice" in text for text, _lang in page.texts)
