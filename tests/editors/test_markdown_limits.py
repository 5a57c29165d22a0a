"""Bodies the Markdown renderer cannot format: nested hundreds deep (a RecursionError) or slow (python-markdown
takes time growing with the square of some inputs). Saving or previewing one gives the editor a message and
keeps their text; it never fails with a 500 or holds a server thread for minutes."""

import pytest

from sco_portal.core import markup
from sco_portal.core.markup import MarkdownTooComplex, render_markdown, render_markdown_within
from sco_portal.events.models import Event
from tests.editors.helpers import change_form, errors_in, post_form
from tests.factories import EventFactory

DEEP = "- " * 600 + "x"  # a list 600 levels deep
SLOW = "[" * 30000  # about a minute and a half of python-markdown
PREVIEW = "/admin/markdown-preview/"


def test_a_body_nested_too_deeply_is_refused_by_the_renderer_itself():
    with pytest.raises(MarkdownTooComplex, match="nested too deeply"):
        render_markdown(DEEP)


def test_rendering_within_a_time_limit_gives_the_same_html():
    text = "## Heading\n\nSome *text*, [a link](https://example.org/) and <script>alert(1)</script>.\n\n- one\n- two"
    assert render_markdown_within(text) == render_markdown(text)
    assert render_markdown_within("") == ""


def test_a_slow_body_is_given_up_after_the_time_limit():
    with pytest.raises(MarkdownTooComplex, match="too long to format"):
        render_markdown_within(SLOW, seconds=0.5)
    with pytest.raises(MarkdownTooComplex, match="nested too deeply"):
        render_markdown_within(DEEP, seconds=30)


@pytest.mark.django_db
def test_the_preview_explains_what_it_cannot_show(editor_client, monkeypatch):
    for text, reason in ((DEEP, "nested too deeply"), (SLOW, "too long to format"), ("x" * 100_001, "too long")):
        # A short limit only where the limit is the point: on a busy machine even the deep list can take
        # half a second to fail, and would then be refused as slow rather than as deep.
        monkeypatch.setattr(markup, "EDITOR_RENDER_SECONDS", 0.5 if text is SLOW else 30)
        response = editor_client.post(PREVIEW, {"text": text})
        assert response.status_code == 400
        assert reason in response.json()["error"]
    assert editor_client.post(PREVIEW, {"text": "*fine*"}).json() == {"html": "<p><em>fine</em></p>"}


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "reason"), [(DEEP, "nested too deeply"), (SLOW, "too long to format")])
def test_saving_a_body_that_cannot_be_formatted_keeps_the_text_with_a_message(editor_client, monkeypatch, body, reason):
    monkeypatch.setattr(markup, "EDITOR_RENDER_SECONDS", 0.5 if body is SLOW else 30)  # as in the preview's test
    event = EventFactory(body="The first version.")
    url = f"/admin/events/event/{event.pk}/change/"
    response = post_form(
        editor_client, url, change_form(editor_client, url, "event_form"), body=body, minor_change="on"
    )
    assert response.status_code == 200  # the form again, with the editor's text
    assert reason in response.content.decode()
    assert errors_in(response)
    assert body[:200] in response.content.decode()
    assert Event.objects.get(pk=event.pk).body == "The first version."
