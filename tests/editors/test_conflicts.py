"""No lost edits: of two editors editing the same item, the second save is refused and told what changed."""

import html
import re

import pytest

from sco_portal.events.models import Event
from tests.editors.helpers import change_form, errors_in, form_fields, post_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def conflict_in(response):
    """The conflict message alone, as text."""
    found = re.search(r'<ul class="errorlist nonfield"><li>(.*?)</li>', response.content.decode(), re.S)
    return html.unescape(found.group(1)) if found else ""


@pytest.fixture
def two_admins(django_user_model):
    from django.test import Client

    clients = []
    for name in ("ada", "oleg"):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org", first_name=name.title())
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def open_then_deleted(client):
    """An event's change form as an editor opened it, and its address; the event deleted behind the form's back."""
    event = EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    form = change_form(client, url, "event_form")
    Event.objects.filter(pk=event.pk).delete()
    return url, form


def test_the_second_save_is_refused_with_who_and_what_changed(two_editors):
    first, second = two_editors
    event = EventFactory(title="Original title", summary="Original summary.")
    url = f"/admin/events/event/{event.pk}/change/"
    eda_form = change_form(first, url, "event_form")
    oleg_form = change_form(second, url, "event_form")

    assert post_form(second, url, oleg_form, title="Oleg's title", minor_change="on").status_code == 302
    response = post_form(first, url, eda_form, summary="Eda's summary.", minor_change="on")

    assert response.status_code == 200  # the form again, not a redirect
    message = conflict_in(response)
    assert "Not saved" in message and "Oleg" in message
    assert "Their changes to Title [en] are now in the form" in message and "Summary" not in message
    event.refresh_from_db()
    assert event.title == "Oleg's title" and event.summary == "Original summary."
    # Eda's own text is still in the form, so nothing she typed is lost.
    assert "Eda&#x27;s summary." in response.content.decode() or "Eda's summary." in response.content.decode()


def test_after_seeing_the_conflict_a_deliberate_second_save_goes_through(two_editors):
    first, second = two_editors
    event = EventFactory(title="Original title")
    url = f"/admin/events/event/{event.pk}/change/"
    eda_form = change_form(first, url, "event_form")
    post_form(second, url, change_form(second, url, "event_form"), title="Oleg's title", minor_change="on")
    refused = post_form(first, url, eda_form, summary="Eda's summary.", minor_change="on")
    assert refused.status_code == 200
    again = post_form(first, url, form_fields(refused, "event_form"))
    assert again.status_code == 302
    event.refresh_from_db()
    assert event.summary == "Eda's summary."


def test_a_save_after_someone_deleted_the_item_is_refused_clearly(two_editors):
    first, _ = two_editors
    event = EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    form = change_form(first, url, "event_form")
    # Delete behind the form's back, then save: the admin says the item is gone.
    Event.objects.filter(pk=event.pk).delete()
    response = post_form(first, url, form, title="Edited title", body="My long edit of the body.")
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone deleted this item" in html
    assert "Edited title" in html and "My long edit of the body." in html
    assert "/admin/events/event/recover/" in html
    assert not Event.objects.filter(pk=event.pk).exists()


def test_the_deleted_item_page_shows_every_topic_and_source_chosen_by_name(two_editors):
    from tests.factories import SourceFactory, TopicFactory

    first, _ = two_editors
    energy, water = TopicFactory(name="Energy"), TopicFactory(name="Water resources")
    source = SourceFactory(title="Qingdao declaration text")
    url, form = open_then_deleted(first)
    response = post_form(
        first,
        url,
        form,
        topics=[str(energy.pk), str(water.pk)],
        **{"Event_sources-TOTAL_FORMS": "1", "Event_sources-0-source": str(source.pk)},
    )
    assert response.status_code == 409
    written = dict(response.context["written"])
    assert written["topics"] == "Energy\nWater resources"
    assert written["source 1"] == str(source)
    assert not any("TOTAL_FORMS" in label or "__prefix__" in label for label in written)


def test_the_deleted_item_page_names_every_field_as_the_form_does(two_editors):
    first, _ = two_editors
    url, form = open_then_deleted(first)
    response = post_form(
        first,
        url,
        form,
        publish_at_0="2031-05-06",
        publish_at_1="09:30:00",
        change_note="Dates corrected.",
        minor_change="on",
        topics=["99999999999999999999999"],
    )
    assert response.status_code == 409
    written = dict(response.context["written"])
    assert written["publish time (date)"] == "2031-05-06" and written["publish time (time)"] == "09:30:00"
    assert written["Change note"] == "Dates corrected."
    assert not any(label.startswith(("publish_at", "minor_change", "change_note")) for label in written)


def test_one_editor_saving_twice_in_a_row_is_not_a_conflict(editor_client):
    event = EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    assert (
        post_form(
            editor_client, url, change_form(editor_client, url, "event_form"), title="One", minor_change="on"
        ).status_code
        == 302
    )
    assert (
        post_form(
            editor_client, url, change_form(editor_client, url, "event_form"), title="Two", minor_change="on"
        ).status_code
        == 302
    )
    event.refresh_from_db()
    assert event.title == "Two"


def test_save_again_keeps_the_other_editors_changes_to_fields_the_first_did_not_touch(two_editors):
    from tests.factories import TopicFactory

    first, second = two_editors
    energy = TopicFactory(name="Energy")
    event = EventFactory(title="Original title", summary="Original summary.", city="Tianjin")
    url = f"/admin/events/event/{event.pk}/change/"
    eda_form = change_form(first, url, "event_form")
    oleg_form = change_form(second, url, "event_form")
    rescheduled = "2031-05-06"
    assert (
        post_form(
            second,
            url,
            oleg_form,
            title="Oleg's title",
            city="Qingdao",
            topics=[str(energy.pk)],
            publish_at_0=rescheduled,
            minor_change="on",
        ).status_code
        == 302
    )

    refused = post_form(first, url, eda_form, summary="Eda's summary.", city="Astana", minor_change="on")
    assert refused.status_code == 200
    message = conflict_in(refused)
    assert "Their changes to Title [en], Topics and Publish time are now in the form" in message, message
    assert "You both changed City [en]: the form keeps your version" in message
    shown = form_fields(refused, "event_form")
    assert shown["title_en"] == ["Oleg's title"] and shown["topics"] == [str(energy.pk)]
    assert shown["publish_at_0"] == [rescheduled]
    assert shown["summary_en"] == ["Eda's summary."] and shown["city_en"] == ["Astana"]  # hers, where both changed

    again = post_form(first, url, shown)
    assert again.status_code == 302, errors_in(again)
    event.refresh_from_db()
    assert event.title == "Oleg's title" and event.summary == "Eda's summary." and event.city == "Astana"
    assert list(event.topics.all()) == [energy]
    assert event.publish_at.year == 2031


@pytest.mark.parametrize(
    ("factory", "path", "form_id", "field", "mine", "theirs"),
    [
        ("TopicFactory", "taxonomy/topic", "topic_form", "description_en", "Eda's text.", "Oleg's text."),
        ("CountryFactory", "taxonomy/country", "country_form", "name_en", "Lao PDR", "Laos (LA)"),
        ("SourceFactory", "taxonomy/source", "source_form", "title", "Eda's title", "Oleg's title"),
    ],
)
def test_topics_countries_and_sources_refuse_a_stale_save_too(two_admins, factory, path, form_id, field, mine, theirs):
    from tests import factories

    first, second = two_admins
    item = getattr(factories, factory)()
    url = f"/admin/{path}/{item.pk}/change/"
    eda_form = change_form(first, url, form_id)
    assert "base_state" in eda_form
    assert post_form(second, url, change_form(second, url, form_id), **{field: theirs}).status_code == 302

    refused = post_form(first, url, eda_form, **{field: mine})
    assert refused.status_code == 200
    assert "Not saved" in conflict_in(refused) and "Oleg" in conflict_in(refused)
    item.refresh_from_db()
    assert theirs in str(item.__dict__.values())

    again = post_form(first, url, form_fields(refused, form_id))
    assert again.status_code == 302, errors_in(again)[:800]
    item.refresh_from_db()
    assert mine in str(item.__dict__.values())
    history = first.get(f"/admin/{path}/{item.pk}/history/")
    assert history.status_code == 200 and "Oleg" in history.content.decode()


def test_a_deleted_topic_can_be_recovered_from_its_history(two_admins):
    from reversion.models import Version

    from sco_portal.taxonomy.models import Topic
    from tests.factories import TopicFactory

    editor_client, _ = two_admins
    topic = TopicFactory(name="Water resources")
    url = f"/admin/taxonomy/topic/{topic.pk}/change/"
    assert post_form(editor_client, url, change_form(editor_client, url, "topic_form")).status_code == 302
    pk = topic.pk
    assert editor_client.post(f"/admin/taxonomy/topic/{pk}/delete/", {"post": "yes"}).status_code == 302
    version = Version.objects.get_deleted(Topic).get(object_id=str(pk))
    recover = f"/admin/taxonomy/topic/recover/{version.pk}/"
    assert post_form(editor_client, recover, change_form(editor_client, recover, "topic_form")).status_code == 302
    assert Topic.objects.get(pk=pk).name == "Water resources"
