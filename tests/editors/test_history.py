"""Revision history with django-reversion: who, when, what; compare; restore; recover deleted items."""

import pytest
import reversion
from reversion.models import Version

from sco_portal.events.models import Event
from tests.editors.helpers import change_form, post_form
from tests.editors.test_publishing import add_event

pytestmark = pytest.mark.django_db


def edit(client, event, **changes):
    url = f"/admin/events/event/{event.pk}/change/"
    response = post_form(client, url, change_form(client, url, "event_form"), **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    return event


def test_every_save_is_recorded_with_who_when_and_what(editor_client, editor):
    event = add_event(editor_client)
    edit(editor_client, event, title="Forum on digital cooperation, renamed")
    versions = Version.objects.get_for_object(event).select_related("revision__user")
    assert versions.count() == 2
    newest = versions.first()
    assert newest.revision.user == editor
    assert newest.revision.date_created is not None
    assert "Title" in newest.revision.get_comment()
    assert newest.field_dict["title"] == "Forum on digital cooperation, renamed"


def test_the_history_names_the_items_fields_never_the_forms_bookkeeping(editor_client):
    event = add_event(editor_client)
    edit(editor_client, event, summary="A corrected summary.", minor_change="on")
    comment = Version.objects.get_for_object(event).first().revision.get_comment()
    assert "Summary" in comment
    assert "Minor correction" not in comment and "base" not in comment.lower()


def test_history_lists_versions_and_compares_two(editor_client):
    event = add_event(editor_client)
    edit(editor_client, event, summary="A different summary of the forum.")
    history = editor_client.get(f"/admin/events/event/{event.pk}/history/")
    assert history.status_code == 200
    ids = list(Version.objects.get_for_object(event).values_list("pk", flat=True))
    compare = editor_client.get(
        f"/admin/events/event/{event.pk}/history/compare/", {"version_id1": ids[1], "version_id2": ids[0]}
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "<del>Ministers discussed digital cooperation</del><ins>A different summary of the forum</ins>" in html
    assert "<h3>revision</h3>" not in html


def test_an_editor_restores_an_earlier_revision(editor_client):
    event = add_event(editor_client)
    edit(editor_client, event, title="A wrong title")
    first = Version.objects.get_for_object(event).last()
    url = f"/admin/events/event/{event.pk}/history/{first.pk}/"
    form = change_form(editor_client, url, "event_form")
    assert form.get("title", form.get("title_en")) == ["Forum on digital cooperation"]
    assert Event.objects.get(pk=event.pk).title == "A wrong title"  # viewing the old version changes nothing
    response = post_form(editor_client, url, form)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Forum on digital cooperation"
    assert Version.objects.get_for_object(event).count() == 3
    assert "Reverted" in Version.objects.get_for_object(event).first().revision.get_comment()


def test_a_deleted_item_can_be_recovered(editor_client):
    event = add_event(editor_client)
    pk = event.pk
    response = editor_client.post(f"/admin/events/event/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Event.objects.filter(pk=pk).exists()
    recover_list = editor_client.get("/admin/events/event/recover/")
    assert recover_list.status_code == 200 and "Forum on digital cooperation" in recover_list.content.decode()
    version = Version.objects.get_deleted(Event).get(object_id=str(pk))
    url = f"/admin/events/event/recover/{version.pk}/"
    response = post_form(editor_client, url, change_form(editor_client, url, "event_form"))
    assert response.status_code == 302
    restored = Event.objects.get(pk=pk)
    assert restored.title == "Forum on digital cooperation" and "<strong>agreed</strong>" in restored.body_html


def test_a_recover_form_left_open_never_overwrites_the_recovered_item(editor_client):
    event = add_event(editor_client)
    pk = event.pk
    editor_client.post(f"/admin/events/event/{pk}/delete/", {"post": "yes"})
    version = Version.objects.get_deleted(Event).get(object_id=str(pk))
    url = f"/admin/events/event/recover/{version.pk}/"
    stale_form = change_form(editor_client, url, "event_form")  # one editor opens the recover form...
    assert post_form(editor_client, url, change_form(editor_client, url, "event_form")).status_code == 302
    edit(editor_client, Event.objects.get(pk=pk), title="Renamed after recovery")
    response = post_form(editor_client, url, stale_form)  # ...and saves it after another recovered and edited it
    assert response.status_code == 302 and response["Location"] == f"/admin/events/event/{pk}/change/"
    assert Event.objects.get(pk=pk).title == "Renamed after recovery"
    page = editor_client.get(response["Location"]).content.decode()
    assert "is no longer deleted: someone has recovered it. Nothing was changed" in page


def test_only_this_sections_versions_can_be_recovered_here(editor_client):
    from tests.factories import StatementFactory

    statement = StatementFactory(title="A statement")
    with reversion.create_revision():
        statement.save()
    version = Version.objects.get_for_object(statement).first()
    statement.delete()
    assert editor_client.get(f"/admin/events/event/recover/{version.pk}/").status_code == 404
    assert editor_client.post(f"/admin/events/event/recover/{version.pk}/", {}).status_code == 404
    assert editor_client.get(f"/admin/statements/statement/recover/{version.pk}/").status_code == 200


def test_publish_actions_are_recorded_in_the_history(editor_client, editor):
    event = add_event(editor_client)
    editor_client.post("/admin/events/event/", {"action": "publish", "_selected_action": [event.pk]})
    newest = Version.objects.get_for_object(event).first()
    assert newest.revision.get_comment() == "Published" and newest.revision.user == editor


def test_compare_names_the_topics_and_countries_that_changed(editor_client):
    from tests.factories import CountryFactory, TopicFactory

    energy, water = TopicFactory(name="Energy", slug="energy"), TopicFactory(name="Water", slug="water")
    kazakhstan = CountryFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
    event = add_event(editor_client)
    edit(editor_client, event, topics=[str(energy.pk)])
    edit(editor_client, event, topics=[str(water.pk)], countries=[str(kazakhstan.pk)])
    ids = list(Version.objects.get_for_object(event).values_list("pk", flat=True))
    compare = editor_client.get(
        f"/admin/events/event/{event.pk}/history/compare/", {"version_id1": ids[1], "version_id2": ids[0]}
    )
    html = compare.content.decode()
    topics = html[html.index("<h3>topics") :]
    assert "<del>- Energy</del>" in topics and "<ins>+ Water</ins>" in topics, topics[:800]
    assert "<ins>+ Kazakhstan</ins>" in html[html.index("<h3>countries") :]


def test_a_revert_page_left_open_never_overwrites_a_newer_edit(client, editor, other_editor):
    from django.test import Client

    from tests.editors.helpers import errors_in, form_fields

    first, second = client, Client()
    first.force_login(editor)
    second.force_login(other_editor)
    event = add_event(first)
    edit(first, event, title="A wrong title")
    url = f"/admin/events/event/{event.pk}/history/{Version.objects.get_for_object(event).last().pk}/"
    revert_form = change_form(first, url, "event_form")  # Eda opens the old version from the History...

    edit(second, event, summary="Oleg's newer summary.")  # ...Oleg saves a newer edit meanwhile...
    refused = post_form(first, url, revert_form)  # ...and Eda's revert must not silently undo it

    assert refused.status_code == 200
    message = errors_in(refused)
    assert "Not saved" in message and "Oleg" in message and "Summary" in message
    event.refresh_from_db()
    assert event.summary == "Oleg's newer summary." and event.title == "A wrong title"

    again = post_form(first, url, form_fields(refused, "event_form"))  # seen it; revert deliberately
    assert again.status_code == 302
    event.refresh_from_db()
    assert event.title == "Forum on digital cooperation"


def test_a_revision_records_the_sources_saved_with_it(editor_client):
    from tests.factories import SourceFactory

    report, declaration = SourceFactory(title="Forum report"), SourceFactory(title="Summit declaration")
    event = add_event(editor_client, **{"Event_sources-0-source": str(report.pk)})
    edit(editor_client, event, **{"Event_sources-0-source": str(declaration.pk)})

    def sources_in(version):
        return sorted(version.field_dict["sources"])

    newest, oldest = Version.objects.get_for_object(event)[0], Version.objects.get_for_object(event).last()
    assert sources_in(oldest) == [report.pk]
    assert sources_in(newest) == [declaration.pk]


def test_demo_content_starts_with_a_revision_so_a_deleted_demo_item_can_be_recovered(db):
    import io

    from django.core.management import call_command

    call_command("load_content", stdout=io.StringIO())
    event = Event.objects.get(slug="sco-summit-2025-tianjin")
    assert Version.objects.get_for_object(event).count() == 1
    call_command("load_content", stdout=io.StringIO())  # a second run changes nothing, history included
    assert Version.objects.get_for_object(event).count() == 1
    pk = event.pk
    event.delete()
    assert Version.objects.get_deleted(Event).filter(object_id=str(pk)).exists()


def test_the_history_names_the_sources_cited_not_their_row_numbers(editor_client):
    from django.contrib.admin.models import LogEntry

    from tests.factories import SourceFactory

    source = SourceFactory(title="Forum report", publisher="SCO Secretariat")
    event = add_event(editor_client)
    edit(editor_client, event, **{"Event_sources-0-source": str(source.pk)})

    change = LogEntry.objects.filter(object_id=str(event.pk)).order_by("-action_time").first().get_change_message()
    assert "SCO Secretariat: Forum report" in change and "object (" not in change
    page = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "Event_sources object" not in page


def test_restoring_an_old_version_of_a_public_item_asks_for_a_change_note_like_any_change(editor_client):
    from sco_portal.core.models import ChangeNote
    from tests.editors.helpers import errors_in

    event = add_event(editor_client, status="published")
    edit(editor_client, event, summary="A newer summary readers have seen.", change_note="Summary rewritten.")
    url = f"/admin/events/event/{event.pk}/history/{Version.objects.get_for_object(event).last().pk}/"

    refused = post_form(editor_client, url, change_form(editor_client, url, "event_form"))
    assert refused.status_code == 200
    assert "say in one sentence what changed" in errors_in(refused)
    event.refresh_from_db()
    assert event.summary == "A newer summary readers have seen."

    form = change_form(editor_client, url, "event_form")
    restored = post_form(editor_client, url, form, change_note="The earlier summary is back.")
    assert restored.status_code == 302, errors_in(restored)[:800]
    event.refresh_from_db()
    assert event.summary == "Ministers discussed digital cooperation."
    assert ChangeNote.objects.filter(object_id=event.pk, note="The earlier summary is back.").exists()
