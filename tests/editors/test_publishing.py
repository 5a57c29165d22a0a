"""Draft → scheduled → published through the admin, as an editor; items go public by time alone."""

import datetime

import pytest
from django.utils import timezone

from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import Event
from tests.editors.helpers import change_form, post_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/events/event/add/"
LIST_URL = "/admin/events/event/"


def add_event(client, **changes):
    fields = change_form(client, ADD_URL, "event_form")
    values = {
        "title": "Forum on digital cooperation",
        "slug": "forum-on-digital-cooperation",
        "kind": "forum",
        "summary": "Ministers discussed digital cooperation.",
        "body": "The forum **agreed** on a work plan.\n\n- one\n- two",
        "start_date": "2025-10-01",
        "date_precision": "day",
        "city": "Tianjin",
    }
    values.update(changes)
    response = post_form(client, ADD_URL, fields, **values)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Event.objects.get(slug=values["slug"])


def test_an_editor_creates_a_draft_that_the_public_cannot_see(editor_client, client):
    event = add_event(editor_client)
    assert event.status == PublicationStatus.DRAFT
    assert "<strong>agreed</strong>" in event.body_html
    editor_client.logout()
    assert client.get(f"/events/{event.slug}/").status_code == 404
    assert event.title not in client.get("/timeline/").content.decode()


def test_publish_and_unpublish_actions(editor_client, client):
    event = add_event(editor_client)
    response = editor_client.post(LIST_URL, {"action": "publish", "_selected_action": [event.pk]}, follow=True)
    assert "1 item published." in response.content.decode()
    event.refresh_from_db()
    assert event.is_public
    assert client.get(f"/events/{event.slug}/").status_code == 200

    editor_client.post(LIST_URL, {"action": "unpublish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == PublicationStatus.DRAFT
    assert client.get(f"/events/{event.slug}/").status_code == 404


def test_publishing_a_draft_through_the_form_publishes_it_now_not_when_it_was_begun(editor_client):
    event = add_event(editor_client)
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() - datetime.timedelta(days=30))
    url = f"/admin/events/event/{event.pk}/change/"
    fields = change_form(editor_client, url, "event_form")
    response = post_form(editor_client, url, fields, status="published")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_public
    assert timezone.now() - event.publish_at < datetime.timedelta(minutes=5)


def test_a_scheduled_item_goes_public_by_itself_when_its_time_comes(editor_client, client):
    soon = timezone.localtime() + datetime.timedelta(days=2)
    event = add_event(
        editor_client,
        status="published",
        publish_at_0=soon.strftime("%Y-%m-%d"),
        publish_at_1=soon.strftime("%H:%M:%S"),
    )
    assert event.status == PublicationStatus.PUBLISHED and not event.is_public
    listing = editor_client.get(LIST_URL).content.decode()
    assert "Scheduled (1)" in listing and "Scheduled for" in listing
    assert client.get(f"/events/{event.slug}/").status_code == 404
    # Time passes: nobody saves anything, the publish time is simply behind us now.
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/events/{event.slug}/").status_code == 200


def test_the_state_filter_shows_counts(editor_client):
    EventFactory(status=PublicationStatus.DRAFT)
    EventFactory.create_batch(2)
    EventFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    html = editor_client.get(LIST_URL).content.decode()
    assert "Draft (1)" in html and "Scheduled (1)" in html and "Published (2)" in html
    drafts = editor_client.get(LIST_URL, {"state": "draft"})
    assert drafts.context["cl"].result_count == 1


def test_view_on_site_for_published_items_and_preview_for_the_rest(editor_client):
    public = EventFactory()
    draft = EventFactory(status=PublicationStatus.DRAFT)
    html = editor_client.get(f"/admin/events/event/{public.pk}/change/").content.decode()
    assert f'<a href="{public.get_absolute_url()}" class="viewsitelink">' in html
    html = editor_client.get(f"/admin/events/event/{draft.pk}/change/").content.decode()
    assert f'<a href="{draft.get_absolute_url()}" class="viewsitelink">' not in html
    assert f'href="/preview/events/{draft.pk}/"' in html
    listing = editor_client.get(LIST_URL).content.decode()
    assert f'href="{public.get_absolute_url()}"' in listing and f'href="/preview/events/{draft.pk}/"' in listing


def test_publishing_an_item_that_cites_no_source_is_allowed_but_warned_of(editor_client):
    from tests.factories import SourceFactory

    uncited = add_event(editor_client, status="published")
    page = editor_client.get("/admin/events/event/")
    assert any("cites no source" in str(m) and uncited.title in str(m) for m in page.context["messages"])
    assert uncited.is_public

    source = SourceFactory(title="Forum report")
    add_event(editor_client, slug="cited", status="published", **{"Event_sources-0-source": str(source.pk)})
    page = editor_client.get("/admin/events/event/")
    assert not any("cites no source" in str(m) for m in page.context["messages"])

    draft = EventFactory(title="Draft to publish", status=PublicationStatus.DRAFT)
    response = editor_client.post(LIST_URL, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert any("cites no source" in str(m) and "Draft to publish" in str(m) for m in response.context["messages"])
