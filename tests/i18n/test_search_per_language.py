"""Search in the reader's language, English as the fallback; Chinese words found inside unspaced text."""

import pytest
from django.utils.http import urlencode

from sco_portal.core import search
from sco_portal.core.filters import search_words
from tests.factories import CenterFactory, EventFactory, StatementFactory


def results(client, prefix, query):
    response = client.get(f"{prefix}/search/?{urlencode({'q': query})}")
    assert response.status_code == 200
    return [entry.title for entry in response.context["results"]], response.content.decode()


@pytest.fixture
def items(db):
    return {
        "ai": StatementFactory(
            title="SCO statement on AI",
            title_zh_hans="上合组织关于进一步深化人工智能国际合作的声明",
            title_ru="Заявление ШОС об искусственном интеллекте",
            summary="On artificial intelligence.",
        ),
        "energy": CenterFactory(
            title="Energy platform",
            title_zh_hans="上合组织能源合作平台",
            title_ru="Платформа сотрудничества ШОС в области энергетики",
            summary="Energy cooperation.",
            summary_zh_hans="能源领域的合作。",
        ),
        "untranslated": EventFactory(title="Tianjin rail forum", summary="Rail links from Tianjin."),
    }


def test_a_chinese_word_inside_a_title_is_found(client, items):
    titles, html = results(client, "/zh-hans", "人工智能")
    assert titles == ["上合组织关于进一步深化人工智能国际合作的声明"]
    assert "<mark>人工智能</mark>" in html


def test_chinese_words_must_all_match(client, items):
    assert results(client, "/zh-hans", "上合组织 能源")[0] == ["上合组织能源合作平台"]
    assert len(results(client, "/zh-hans", "上合组织")[0]) == 2
    assert results(client, "/zh-hans", "上合组织 铁路")[0] == []


@pytest.mark.parametrize("query", ["энергетики", "ЭНЕРГЕТИКИ", "Энергетики", "шос"])
def test_russian_search_ignores_case(client, items, query):
    titles, _ = results(client, "/ru", query)
    assert "Платформа сотрудничества ШОС в области энергетики" in titles


def test_untranslated_items_are_found_by_their_english_text(client, items):
    titles, html = results(client, "/ru", "Tianjin")
    assert titles == ["Tianjin rail forum"]
    assert '<h3 lang="en">' in html and "<mark>Tianjin</mark>" in html


def test_english_words_still_find_translated_items_for_readers_of_other_languages(client, items):
    titles, _ = results(client, "/zh-hans", "platform")
    assert titles == ["上合组织能源合作平台"]


def test_a_reader_does_not_find_words_of_the_third_language(client, items):
    assert results(client, "/ru", "人工智能")[0] == []
    assert results(client, "/zh-hans", "искусственном")[0] == []
    assert results(client, "", "искусственном")[0] == []


def test_title_matches_rank_first_in_every_language(client, db):
    EventFactory(title="A", title_zh_hans="会议", summary="x", summary_zh_hans="关于能源的会议")
    CenterFactory(title="B", title_zh_hans="能源中心", summary="y")
    assert results(client, "/zh-hans", "能源")[0] == ["能源中心", "会议"]


def test_filters_q_on_lists_uses_the_readers_language(client, items):
    html = client.get(f"/zh-hans/centers/?{urlencode({'q': '能源'})}").content.decode()
    assert "上合组织能源合作平台" in html
    html = client.get(f"/ru/timeline/?{urlencode({'q': 'интеллекте'})}").content.decode()
    assert "Заявление ШОС об искусственном интеллекте" in html


def test_search_union_returns_the_readers_language_and_says_which(db, items):
    from django.utils import translation

    with translation.override("zh-hans"):
        rows = search.to_results(search.search(search_words("上合组织")))
    assert {(r.title, r.title_lang) for r in rows} == {
        ("上合组织关于进一步深化人工智能国际合作的声明", "zh-hans"),
        ("上合组织能源合作平台", "zh-hans"),
    }
    with translation.override("ru"):
        rows = search.to_results(search.search(search_words("Tianjin")))
    assert [(r.title, r.title_lang) for r in rows] == [("Tianjin rail forum", "en")]


@pytest.mark.parametrize("query", ["энергетика", "энергетикой", "Сотрудничество", "искусственный интеллект"])
def test_a_russian_word_finds_its_other_forms(client, items, query):
    titles, html = results(client, "/ru", query)
    assert titles and any("энергетики" in title or "интеллекте" in title for title in titles), titles
    assert "<mark>" in html


def test_russian_words_are_searched_by_their_stem_and_other_words_as_typed():
    assert search_words("наука науки Наукой") == ["наук"]  # one stem, once
    assert search_words("ИИ Energy 能源合作 ШОС-Китай") == ["ИИ", "Energy", "能源合作", "ШОС-Китай"]
