"""An editor's day in the admin, in Chromium: write an event in Markdown, preview, publish, edit, restore.

A second browser context plays the reader, who sees only what is public.
"""

import io
import re

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from sco_portal.events.models import Event
from tests.conftest import restore_editors_group

pytestmark = pytest.mark.browser

PASSWORD = "a long passphrase for the browser tests"
TITLE = "Forum on open research data in Almaty"
RENAMED = "Forum on open data, renamed by mistake"
BODY = """The forum **agreed** on three steps:

- publish shared data sets,
- train data stewards,
- meet again in 2027.

See the [SCO](https://example.org/sco) for more."""


@pytest.fixture
def editor(site):
    restore_editors_group()
    call_command("create_editor", "eda", "--first-name", "Eda", stdout=io.StringIO())
    user = get_user_model().objects.get(username="eda")
    user.set_password(PASSWORD)
    user.save()
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    return user


def english(form, label):
    """A field by its label; a field translated into each language is labelled "Title [en]:" and so on."""
    return form.get_by_label(re.compile(rf"^{label}( \[en\])?:$"))


def feed_titles(page):
    response = page.request.get("/feeds/latest.rss")
    assert response.ok
    return [entry.title for entry in feedparser.parse(response.body()).entries]


def test_an_editor_writes_previews_publishes_edits_and_restores_an_event(site, editor, new_page):
    page = new_page()
    reader = new_page()
    today = timezone.localdate()

    # Log in through the login form.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill("eda")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Write something new")).to_be_visible()

    # A new event with a Markdown body; the change form previews the body as readers will see it.
    page.get_by_role("link", name="Add event").click()
    form = page.locator("#event_form")
    english(form, "Title").press_sequentially(TITLE)
    expect(form.get_by_label("Slug:")).to_have_value("forum-on-open-research-data-in-almaty")
    form.get_by_label("Kind:").select_option(label="Forum")
    english(form, "Summary").fill("Researchers from SCO member states agreed on how to share research data.")
    english(form, "Body").fill(BODY)
    # The preview follows its text area; the English body, the default language's, comes first.
    live_preview = form.locator(".markdown-preview-output").first
    expect(live_preview.locator("strong")).to_have_text("agreed")
    expect(live_preview.locator("li")).to_have_count(3)
    expect(live_preview.get_by_role("link", name="SCO")).to_have_attribute("href", "https://example.org/sco")
    form.get_by_label("Date:", exact=True).fill(today.isoformat())
    english(form, "City").fill("Almaty")
    expect(form.get_by_label("Publishing state:")).to_have_text(re.compile("Draft"))
    form.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    event = Event.objects.get(slug="forum-on-open-research-data-in-almaty")
    assert "<strong>agreed</strong>" in event.body_html

    # The draft is not public: the reader gets a 404 and the timeline does not list it.
    assert reader.goto(event.get_absolute_url()).status == 404
    reader.goto("/timeline/")
    expect(reader.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)

    # The editor previews it exactly as it will look, under a banner.
    page.get_by_role("link", name="Preview").click()
    expect(page).to_have_url(re.compile(rf"/preview/events/{event.pk}/$"))
    expect(page.locator(".preview-banner")).to_contain_text("this item is a draft")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".prose strong")).to_have_text("agreed")
    page.get_by_role("link", name="Back to editing").click()
    expect(page).to_have_url(re.compile(rf"/admin/events/event/{event.pk}/change/"))

    # Publish it with the list's action.
    page.goto("/admin/events/event/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Publish the selected items now")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 item published.")

    # The reader finds it on the timeline, on its page and in the feed.
    reader.goto("/timeline/")
    reader.get_by_role("link", name=TITLE, exact=True).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator(".prose strong")).to_have_text("agreed")
    assert TITLE in feed_titles(reader)

    # An edit that turns out wrong...
    page.get_by_role("link", name=TITLE, exact=True).click()
    form = page.locator("#event_form")
    english(form, "Title").fill(RENAMED)
    form.get_by_label("Change note:").fill("The title now names the topic more broadly.")
    form.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    reader.goto("/timeline/")
    expect(reader.get_by_role("link", name=RENAMED, exact=True)).to_be_visible()

    # ...is undone from the history: the version saved when it was published is restored.
    page.goto(f"/admin/events/event/{event.pk}/change/")
    page.get_by_role("link", name="History", exact=True).click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("Published")
    history.get_by_role("row").filter(has_text="Published").get_by_role("link").first.click()
    form = page.locator("#event_form")
    expect(english(form, "Title")).to_have_value(TITLE)
    form.get_by_label("Change note:").fill("The earlier title is back.")
    form.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}” was changed successfully")
    page.goto(f"/admin/events/event/{event.pk}/history/")
    expect(page.locator("#change-history").get_by_role("row").filter(has_text="Reverted")).to_have_count(1)

    event.refresh_from_db()
    assert event.title == TITLE and event.is_public
    reader.goto("/timeline/")
    expect(reader.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    expect(reader.get_by_role("link", name=RENAMED, exact=True)).to_have_count(0)
    titles = feed_titles(reader)
    assert TITLE in titles and RENAMED not in titles
