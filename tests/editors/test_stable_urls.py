"""Changing a slug keeps the old address working with a 301 to the new one."""

import pytest

from sco_portal.core.models import PublicationStatus
from tests.editors.helpers import change_form, errors_in, post_form
from tests.factories import CenterFactory, EventFactory, StatementFactory

pytestmark = pytest.mark.django_db


def rename(client, item, slug):
    url = f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/"
    form_id = f"{item._meta.model_name}_form"
    response = post_form(client, url, change_form(client, url, form_id), slug=slug, minor_change="on")
    assert response.status_code == 302, errors_in(response)[:1500]
    item.refresh_from_db()


@pytest.mark.parametrize("factory", [EventFactory, CenterFactory, StatementFactory])
def test_the_old_address_answers_301_to_the_new_one(editor_client, client, factory):
    item = factory(slug="old-name")
    old_url = item.get_absolute_url()
    rename(editor_client, item, "new-name")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_every_former_address_leads_to_the_current_one(editor_client, client):
    event = EventFactory(slug="first")
    rename(editor_client, event, "second")
    rename(editor_client, event, "third")
    for old in ("first", "second"):
        response = client.get(f"/events/{old}/")
        assert response.status_code == 301 and response["Location"] == "/events/third/"


def test_a_new_item_may_take_a_former_address(editor_client, client):
    event = EventFactory(slug="shared")
    rename(editor_client, event, "renamed")
    newcomer = EventFactory(slug="shared", title="The newcomer")
    assert client.get("/events/shared/").status_code == 200
    assert "The newcomer" in client.get("/events/shared/").content.decode()
    assert newcomer.pk != event.pk


def test_a_draft_that_takes_a_former_address_does_not_break_it_until_it_is_published(editor_client, client):
    event = EventFactory(slug="shared")
    rename(editor_client, event, "renamed")
    newcomer = EventFactory(slug="shared", title="The newcomer", status=PublicationStatus.DRAFT)
    response = client.get("/events/shared/")
    assert response.status_code == 301 and response["Location"] == "/events/renamed/"
    newcomer.status = PublicationStatus.PUBLISHED
    newcomer.save()
    assert "The newcomer" in client.get("/events/shared/").content.decode()


def test_moving_back_to_a_former_slug_drops_the_redirect(editor_client, client):
    event = EventFactory(slug="a")
    rename(editor_client, event, "b")
    rename(editor_client, event, "a")
    assert client.get("/events/a/").status_code == 200
    assert client.get("/events/b/").status_code == 301


def test_a_former_address_of_an_unpublished_item_is_404(editor_client, client):
    event = EventFactory(slug="before")
    rename(editor_client, event, "after")
    event.status = PublicationStatus.DRAFT
    event.save()
    assert client.get("/events/before/").status_code == 404
    assert client.get("/ru/events/before/").status_code == 404


def test_redirects_keep_the_language(editor_client, client):
    event = EventFactory(slug="before")
    rename(editor_client, event, "after")
    response = client.get("/ru/events/before/")
    assert response.status_code == 301 and response["Location"] == "/ru/events/after/"


def test_an_events_calendar_file_follows_its_former_address(editor_client, client):
    event = EventFactory(slug="before")
    rename(editor_client, event, "after")
    response = client.get("/ru/events/before/calendar.ics")
    assert response.status_code == 301 and response["Location"] == "/ru/events/after/calendar.ics"
    assert client.get("/events/nothing-here/calendar.ics").status_code == 404


def test_restoring_a_version_with_another_slug_keeps_the_address_it_leaves(editor_client, client):
    from reversion.models import Version

    from tests.editors.test_publishing import add_event

    event = add_event(editor_client, slug="first-address", status="published")
    rename(editor_client, event, "second-address")
    url = f"/admin/events/event/{event.pk}/history/{Version.objects.get_for_object(event).last().pk}/"
    response = post_form(editor_client, url, change_form(editor_client, url, "event_form"), minor_change="on")
    assert response.status_code == 302, errors_in(response)[:1500]
    event.refresh_from_db()
    assert event.slug == "first-address"
    moved = client.get("/events/second-address/")
    assert moved.status_code == 301 and moved["Location"] == "/events/first-address/"
    assert client.get("/events/first-address/").status_code == 200


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/topics/energy/", "/topics/energy-cooperation/"),
        ("/ru/topics/energy/", "/ru/topics/energy-cooperation/"),
        ("/feeds/topics/energy.rss", "/feeds/topics/energy-cooperation.rss"),
        ("/feeds/topics/energy.atom?kind=forum", "/feeds/topics/energy-cooperation.atom?kind=forum"),
        ("/events/?topic=energy&year=2025", "/events/?topic=energy-cooperation&year=2025"),
        ("/timeline/?topic=energy", "/timeline/?topic=energy-cooperation"),
        ("/feeds/events.rss?topic=energy", "/feeds/events.rss?topic=energy-cooperation"),
        ("/events/calendar.ics?topic=energy", "/events/calendar.ics?topic=energy-cooperation"),
        ("/countries/laos/", "/countries/lao-pdr/"),
        ("/feeds/countries/laos.rss", "/feeds/countries/lao-pdr.rss"),
        ("/statements/?country=laos&topic=energy", "/statements/?country=lao-pdr&topic=energy-cooperation"),
    ],
)
def test_a_renamed_topic_or_country_keeps_its_pages_feeds_and_filters(client, old, new):
    from tests.factories import CountryFactory, TopicFactory

    topic = TopicFactory(name="Energy", slug="energy")
    country = CountryFactory(name="Laos", slug="laos", iso_code="LA")
    EventFactory(topics=[topic], countries=[country])
    topic.slug, country.slug = "energy-cooperation", "lao-pdr"
    topic.save()
    country.save()

    response = client.get(old)
    assert response.status_code == 301, response.content[:300]
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_a_filter_naming_no_topic_at_all_is_still_a_400(client):
    from tests.factories import TopicFactory

    topic = TopicFactory(name="Energy", slug="energy")
    topic.slug = "energy-cooperation"
    topic.save()
    assert client.get("/events/?topic=water").status_code == 400
    assert client.get("/feeds/topics/water.rss").status_code in (400, 404)
