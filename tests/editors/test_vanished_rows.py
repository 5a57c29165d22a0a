"""No lost edits when rows of an inline vanish under an open form: a source citation or a change note that
another editor removed, or a source deleted from the portal, never leaves the form unsavable."""

import pytest

from sco_portal.core.models import ChangeNote
from sco_portal.taxonomy.models import Source
from tests.editors.helpers import change_form, errors_in, form_fields, post_form
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def event_citing_two_sources():
    report, declaration = SourceFactory(title="Forum report"), SourceFactory(title="Summit declaration")
    event = EventFactory(summary="Old summary.")
    event.sources.set([report, declaration])
    return event, report, f"/admin/events/event/{event.pk}/change/"


def cited(event):
    return sorted(event.sources.values_list("title", flat=True))


def messages_in(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_a_source_deleted_from_the_portal_meanwhile_is_left_out_and_the_edit_saved(editor_client):
    gone, kept = SourceFactory(title="Withdrawn bulletin"), SourceFactory(title="Summit declaration")
    event = EventFactory(summary="Old summary.")
    event.sources.set([gone, kept])
    url = f"/admin/events/event/{event.pk}/change/"
    form = change_form(editor_client, url, "event_form")

    Source.objects.filter(pk=gone.pk).delete()  # from the sources admin, while the item is open
    response = post_form(editor_client, url, form, summary="My new summary.", minor_change="on")

    assert response.status_code == 302, errors_in(response)
    event.refresh_from_db()
    assert event.summary == "My new summary."
    assert cited(event) == ["Summit declaration"]
    shown = editor_client.get(response.url)
    assert any("deleted from the portal" in message for message in messages_in(shown))


def test_a_citation_another_editor_removed_comes_back_only_by_a_deliberate_second_save(two_editors):
    first, second = two_editors
    event, report, url = event_citing_two_sources()
    eda_form = change_form(first, url, "event_form")

    # Oleg removes the first citation through the form and saves.
    oleg_form = change_form(second, url, "event_form")
    assert (
        post_form(second, url, oleg_form, **{"Event_sources-0-DELETE": "on", "minor_change": "on"}).status_code == 302
    )
    assert len(cited(event)) == 1

    refused = post_form(first, url, eda_form, summary="Eda's summary.", minor_change="on")
    assert refused.status_code == 200
    assert "Not saved" in errors_in(refused)  # the conflict, visibly; her text is still in the form
    assert "Eda&#x27;s summary." in refused.content.decode()

    again = post_form(first, url, form_fields(refused, "event_form"))
    assert again.status_code == 302, errors_in(again)
    event.refresh_from_db()
    assert event.summary == "Eda's summary."
    assert len(cited(event)) == 2  # her version, as the conflict message said a second save would do


def test_a_row_removed_behind_the_form_with_no_new_revision_is_kept_and_said(editor_client):
    event, report, url = event_citing_two_sources()
    form = change_form(editor_client, url, "event_form")

    event.sources.remove(report)  # a script or a second tab: the row is gone, the item not saved
    response = post_form(editor_client, url, form, title="Edited title", minor_change="on")

    assert response.status_code == 302, errors_in(response)
    event.refresh_from_db()
    assert event.title == "Edited title"
    assert cited(event) == ["Forum report", "Summit declaration"]
    shown = editor_client.get(response.url)
    assert any("Forum report" in message for message in messages_in(shown)), messages_in(shown)


def test_a_vanished_row_the_editor_meant_to_remove_stays_removed(editor_client):
    event, report, url = event_citing_two_sources()
    form = change_form(editor_client, url, "event_form")
    position = form["Event_sources-0-source"][0] == str(report.pk) and "0" or "1"

    event.sources.remove(report)
    response = post_form(editor_client, url, form, **{f"Event_sources-{position}-DELETE": "on", "minor_change": "on"})

    assert response.status_code == 302, errors_in(response)
    assert cited(event) == ["Summit declaration"]


def test_a_change_note_removed_meanwhile_does_not_block_the_save(editor_client):
    event = EventFactory(summary="Old summary.")
    ChangeNote.objects.create(item=event, note="Dates corrected.")
    url = f"/admin/events/event/{event.pk}/change/"
    form = change_form(editor_client, url, "event_form")

    ChangeNote.objects.all().delete()
    response = post_form(editor_client, url, form, summary="New summary.", minor_change="on")

    assert response.status_code == 302, errors_in(response)
    event.refresh_from_db()
    assert event.summary == "New summary."


def test_a_row_pointing_at_another_item_is_refused_visibly_not_taken_over(editor_client):
    source = SourceFactory(title="Forum report")
    event, other = EventFactory(), EventFactory()
    event.sources.set([source])
    other.sources.set([source])
    theirs = other.sources.through.objects.get(event=other).pk
    url = f"/admin/events/event/{event.pk}/change/"
    form = change_form(editor_client, url, "event_form")

    response = post_form(editor_client, url, form, **{"Event_sources-0-id": str(theirs), "minor_change": "on"})

    assert response.status_code in (200, 400)
    assert other.sources.through.objects.filter(pk=theirs, event=other).exists()


def test_a_country_status_removed_meanwhile_is_kept_from_the_open_form(admin_client):
    from sco_portal.taxonomy.models import CountryStatus
    from tests.factories import CountryFactory, CountryStatusFactory

    country = CountryFactory(name="Laos")
    status = CountryStatusFactory(country=country)
    url = f"/admin/taxonomy/country/{country.pk}/change/"
    form = change_form(admin_client, url, "country_form")

    CountryStatus.objects.filter(pk=status.pk).delete()
    response = post_form(admin_client, url, form, name="Lao PDR")

    assert response.status_code == 302, errors_in(response)
    country.refresh_from_db()
    assert country.name == "Lao PDR"
    assert country.statuses.filter(status=status.status, since=status.since).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"Event_sources-INITIAL_FORMS": "5", "Event_sources-TOTAL_FORMS": "1"},
        {"Event_sources-INITIAL_FORMS": "abc"},
        {"Event_sources-0-id": "x"},
        {"Event_sources-0-id": "-1"},
        {"Event_sources-0-id": "99999999999999999999999"},
        {"Event_sources-0-source": "not-a-number"},
        {"Event_sources-0-source": "99999999999999999999999"},
        {"Event_sources-TOTAL_FORMS": "100000"},
    ],
)
def test_a_tampered_sources_inline_gets_an_answer_never_a_server_error(editor_client, changes):
    source = SourceFactory(title="Forum report")
    event = EventFactory()
    event.sources.set([source])
    url = f"/admin/events/event/{event.pk}/change/"
    response = post_form(
        editor_client, url, change_form(editor_client, url, "event_form"), minor_change="on", **changes
    )
    assert response.status_code in (200, 302, 400)
    assert event.sources.count() <= 1
