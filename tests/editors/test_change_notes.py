"""Substantive edits to public items leave a dated public note and move the feeds' update time; minor ones don't."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from sco_portal.core.models import ChangeNote, PublicationStatus
from tests.editors.helpers import change_form, errors_in, post_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

A_WEEK_AGO = timezone.now() - datetime.timedelta(days=7)


@pytest.fixture
def public_event(db):
    return EventFactory(title="Ministers meet", publish_at=A_WEEK_AGO)


def url_of(event):
    return f"/admin/events/event/{event.pk}/change/"


def feed_entry(client, event):
    feed = feedparser.parse(client.get("/feeds/events.atom").content)
    return next(entry for entry in feed.entries if entry.link.endswith(event.get_absolute_url()))


def test_a_substantive_edit_to_a_public_item_asks_for_a_note(editor_client, public_event):
    url = url_of(public_event)
    response = post_form(editor_client, url, change_form(editor_client, url, "event_form"), summary="New facts.")
    assert response.status_code == 200
    assert "say in one sentence what changed" in errors_in(response)
    public_event.refresh_from_db()
    assert public_event.summary != "New facts."


def test_the_note_is_shown_under_updates_to_this_page_and_moves_the_feed_time(editor_client, client, public_event):
    before = feed_entry(client, public_event)
    assert before.updated_parsed[:3] == A_WEEK_AGO.utctimetuple()[:3]
    url = url_of(public_event)
    response = post_form(
        editor_client,
        url,
        change_form(editor_client, url, "event_form"),
        summary="New facts.",
        change_note="Added the date of the follow-up meeting.",
    )
    assert response.status_code == 302
    note = ChangeNote.objects.get()
    assert note.item == public_event and note.author.username == "eda"

    html = client.get(public_event.get_absolute_url()).content.decode()
    assert "Updates to this page" in html and "Added the date of the follow-up meeting." in html
    assert f'<time datetime="{note.created_at.isoformat()}' in html or note.created_at.strftime("%Y-%m-%d") in html

    after = feed_entry(client, public_event)
    assert after.updated_parsed[:3] == timezone.now().utctimetuple()[:3]
    assert after.updated_parsed > before.updated_parsed
    assert after.published_parsed == before.published_parsed


def test_a_minor_correction_leaves_no_note_and_no_new_feed_time(editor_client, client, public_event):
    before = feed_entry(client, public_event)
    url = url_of(public_event)
    response = post_form(
        editor_client, url, change_form(editor_client, url, "event_form"), title="Ministers met", minor_change="on"
    )
    assert response.status_code == 302
    public_event.refresh_from_db()
    assert public_event.title == "Ministers met"
    assert not ChangeNote.objects.exists() and public_event.public_updated_at is None
    assert "Updates to this page" not in client.get(public_event.get_absolute_url()).content.decode()
    assert feed_entry(client, public_event).updated_parsed == before.updated_parsed


def test_drafts_need_no_note(editor_client):
    draft = EventFactory(status=PublicationStatus.DRAFT)
    url = url_of(draft)
    response = post_form(editor_client, url, change_form(editor_client, url, "event_form"), summary="Rewritten.")
    assert response.status_code == 302
    assert not ChangeNote.objects.exists()


def test_notes_are_listed_newest_first_and_editors_can_correct_them(editor_client, client, public_event):
    url = url_of(public_event)
    for summary, note in [("Second version.", "First correction."), ("Third version.", "Second correction.")]:
        post_form(editor_client, url, change_form(editor_client, url, "event_form"), summary=summary, change_note=note)
    html = client.get(public_event.get_absolute_url()).content.decode()
    assert html.index("Second correction.") < html.index("First correction.")
    form = change_form(editor_client, url, "event_form")
    assert any(name.endswith("-note") for name in form)  # the notes inline


def test_a_statements_structured_data_is_modified_only_by_public_changes(editor_client, client):
    import json

    from tests.factories import StatementFactory

    statement = StatementFactory(title="Ministers agree", publish_at=A_WEEK_AGO)

    def date_modified():
        html = client.get(statement.get_absolute_url()).content.decode()
        data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
        return datetime.datetime.fromisoformat(data["dateModified"])

    def about(when):  # the admin's form keeps whole seconds
        return when - datetime.timedelta(seconds=1) < date_modified() < when + datetime.timedelta(seconds=1)

    assert about(A_WEEK_AGO)
    url = f"/admin/statements/statement/{statement.pk}/change/"
    form = change_form(editor_client, url, "statement_form")
    assert post_form(editor_client, url, form, title="Ministers agreed", minor_change="on").status_code == 302
    assert about(A_WEEK_AGO)  # a minor correction is no news
    form = change_form(editor_client, url, "statement_form")
    response = post_form(editor_client, url, form, summary="Ministers agreed on a plan.", change_note="New summary.")
    assert response.status_code == 302
    statement.refresh_from_db()
    assert about(statement.public_updated_at) and statement.public_updated_at > A_WEEK_AGO + datetime.timedelta(days=6)


def test_a_form_saved_as_a_browser_sends_it_changes_only_what_the_editor_changed(editor_client, public_event):
    """Browsers send a text area's line breaks as CRLF; the rows hold LF. Ticking "Featured" alone is no change
    to the texts: no change note is asked for, and the history names Featured only."""
    public_event.body = "First paragraph.\n\nSecond paragraph."
    public_event.participants = "Ministers\nExperts"
    public_event.save()
    url = url_of(public_event)
    fields = change_form(editor_client, url, "event_form")
    as_sent = {
        name: [value.replace("\n", "\r\n") for value in values]
        for name, values in fields.items()
        if name.startswith(("body", "participants", "summary"))
    }
    assert any("\r\n" in values[0] for values in as_sent.values())
    response = post_form(editor_client, url, {**fields, **as_sent}, featured="on")
    assert response.status_code == 302, errors_in(response)
    public_event.refresh_from_db()
    assert public_event.featured and public_event.body == "First paragraph.\n\nSecond paragraph."
    assert public_event.participants == "Ministers\nExperts"
    assert not ChangeNote.objects.filter(object_id=public_event.pk).exists()
    history = editor_client.get(f"/admin/events/event/{public_event.pk}/history/").content.decode()
    assert "Featured" in history and "Body" not in history and "Participants" not in history
