"""Editors find an item in the admin by its text in any language."""

import pytest

from tests.factories import EventFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("section", "query"),
    [
        ("events/event", "Energy week"),
        ("events/event", "энергетики"),
        ("events/event", "能源周"),
        ("statements/statement", "Ассамблея"),
        ("statements/statement", "ключевой"),
    ],
)
def test_the_admin_search_finds_items_by_any_languages_text(editor_client, section, query):
    EventFactory(title="Energy week", title_ru="Неделя энергетики", title_zh_hans="能源周", slug="energy-week")
    StatementFactory(
        title="Declaration",
        issuer="Assembly",
        issuer_ru="Ассамблея",
        key_points="A key point",
        key_points_ru="Один ключевой пункт",
        slug="declaration",
    )
    EventFactory(title="Something else", slug="something-else")
    response = editor_client.get(f"/admin/{section}/", {"q": query})
    assert response.status_code == 200
    results = [str(item) for item in response.context["cl"].result_list]
    expected = "Energy week" if section == "events/event" else "Declaration"
    assert results == [expected], results
