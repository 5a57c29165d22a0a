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
        # In any case, in every script (SQLite's LIKE folds ASCII letters only).
        ("events/event", "НЕДЕЛЯ энергетики"),
        ("events/event", "неделя"),
        ("events/event", "energy WEEK"),
        ("statements/statement", "ассамблея"),
        ("statements/statement", "КЛЮЧЕВОЙ"),
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


@pytest.mark.parametrize(
    ("section", "query", "expected"),
    [("taxonomy/country", "казахстан", "Kazakhstan"), ("taxonomy/topic", "ЭНЕРГЕТИКА", "Energy")],
)
def test_the_taxonomy_search_ignores_case_in_every_script(admin_client, section, query, expected):
    from tests.factories import CountryFactory, TopicFactory

    CountryFactory(name="Kazakhstan", name_ru="Казахстан", slug="kazakhstan", iso_code="KZ")
    CountryFactory(name="China", name_ru="Китай", slug="china", iso_code="CN")
    TopicFactory(name="Energy", name_ru="Энергетика", slug="energy")
    TopicFactory(name="Water", name_ru="Водные ресурсы", slug="water")
    response = admin_client.get(f"/admin/{section}/", {"q": query})
    assert response.status_code == 200
    assert [str(item) for item in response.context["cl"].result_list] == [expected]


@pytest.mark.parametrize("query", ["title__regex=(", "slug__iregex=[", "title_en__regex=a"])
def test_regular_expressions_from_the_address_are_a_400(editor_client, query):
    EventFactory()
    assert editor_client.get(f"/admin/events/event/?{query}").status_code == 400


@pytest.mark.parametrize("bad", ["abc", "9" * 30, "-1", "0"])
def test_an_action_on_a_hand_made_selection_changes_nothing_and_says_so(editor_client, bad):
    from sco_portal.core.models import PublicationStatus

    draft = EventFactory(status=PublicationStatus.DRAFT)
    response = editor_client.post(
        "/admin/events/event/", {"action": "publish", "_selected_action": [str(draft.pk), bad]}, follow=True
    )
    assert response.status_code == 200
    assert "No items were changed: the selection was not valid." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT
