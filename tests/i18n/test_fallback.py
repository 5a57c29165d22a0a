"""A missing translation reads as English, marked lang="en", with a note on the item's page; never a blank."""

import re

import pytest

from tests.factories import CenterFactory, EventFactory, StatementFactory, TopicFactory

FULL_NOTE = {
    "ru": "Эта страница ещё не переведена на русский язык и показана на английском.",
    "zh-hans": "本页尚无中文译文，暂以英文显示。",
}
PART_NOTE = {
    "ru": "Часть текста этой страницы ещё не переведена на русский язык и показана на английском.",
    "zh-hans": "本页部分内容尚无中文译文，暂以英文显示。",
}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "zh-hans"])
@pytest.mark.parametrize(
    ("factory", "section"), [(EventFactory, "events"), (CenterFactory, "centers"), (StatementFactory, "statements")]
)
def test_untranslated_item_shows_english_with_a_note(client, factory, section, language):
    item = factory(title="Only in English", summary="An English summary.", body="An English *body*.")
    html = page(client, f"/{language}/{section}/{item.slug}/")
    assert '<h1 lang="en">Only in English</h1>' in html
    assert re.search(r'<p class="lede" lang="en">An English summary\.</p>', html)
    assert '<div class="prose" lang="en"><p>An English <em>body</em>.</p></div>' in html
    assert FULL_NOTE[language] in html
    assert PART_NOTE[language] not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_fully_translated_item_has_no_note_and_no_english_marks(client, language):
    field = language.replace("-", "_")
    event = EventFactory(
        title="Forum",
        summary="A forum.",
        body="A body.",
        city="Tianjin",
        **{
            f"title_{field}": "Форум 论坛",
            f"summary_{field}": "Резюме 摘要",
            f"body_{field}": "Текст 正文",
            f"city_{field}": "天津",
        },
    )
    html = page(client, f"/{language}/events/{event.slug}/")
    assert "<h1>Форум 论坛</h1>" in html
    assert "Текст 正文" in html and "A body." not in html
    assert FULL_NOTE[language] not in html and PART_NOTE[language] not in html
    assert 'lang="en"' not in html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.django_db
def test_partly_translated_item_says_parts_are_english(client):
    event = EventFactory(
        title="Forum", summary="A forum.", body="An English body.", title_ru="Форум", summary_ru="Форум."
    )
    html = page(client, f"/ru/events/{event.slug}/")
    assert "<h1>Форум</h1>" in html
    assert '<div class="prose" lang="en"><p>An English body.</p></div>' in html
    assert PART_NOTE["ru"] in html and FULL_NOTE["ru"] not in html


@pytest.mark.django_db
def test_no_note_in_english_or_for_an_item_without_a_body(client):
    event = EventFactory(body="", title_ru="Форум", summary_ru="Форум.")
    assert "translation" not in page(client, f"/events/{event.slug}/").split("<main", 1)[1]
    html = page(client, f"/ru/events/{event.slug}/")
    assert PART_NOTE["ru"] not in html and FULL_NOTE["ru"] not in html


@pytest.mark.django_db
def test_lists_timeline_and_home_fall_back_to_english_titles_marked_english(client):
    topic = TopicFactory(name="Untranslated topic")
    EventFactory(title="English-only event", summary="English summary.", topics=[topic])
    EventFactory(title="Translated event", title_ru="Переведённое событие", summary_ru="Резюме.")
    for url in ("/ru/", "/ru/timeline/", "/ru/events/", "/ru/search/?q=event"):
        html = page(client, url)
        assert re.search(r'<h3 lang="en"><a href="/ru/events/[\w-]+/">(<mark>)?English-only', html), url
        assert re.search(r"<h3><a [^>]+>(<mark>)?Переведённое", html) or "?q=event" in url, url
    listing = page(client, "/ru/events/")
    assert 'lang="en">Untranslated topic</a>' in listing
    assert '<p lang="en">English summary.</p>' in listing


@pytest.mark.django_db
def test_a_blank_translation_counts_as_missing(client):
    """An editor who clears a translation (an empty string, not NULL) gets English, never a blank heading."""
    event = EventFactory(title="Kept in English", title_ru="", summary_ru="")
    html = page(client, f"/ru/events/{event.slug}/")
    assert '<h1 lang="en">Kept in English</h1>' in html
    assert "Kept in English" in page(client, "/ru/timeline/")
