"""Staff-only preview of unpublished items, and the Markdown preview in the change form."""

import datetime
import re

import pytest
from django.utils import timezone

from sco_portal.core.markup import render_markdown
from sco_portal.core.models import PublicationStatus
from tests.factories import CenterFactory, EventFactory, StatementFactory

pytestmark = pytest.mark.django_db


def article(html):
    return re.search(r"<article.*?</article>", html, re.S).group(0)


@pytest.mark.parametrize("factory", [EventFactory, CenterFactory, StatementFactory])
def test_an_editor_previews_a_draft_with_a_banner_and_noindex(editor_client, client, factory):
    item = factory(status=PublicationStatus.DRAFT, body="Draft **body**")
    section = item._meta.app_label
    response = editor_client.get(f"/preview/{section}/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="preview-banner"' in html and "is a draft" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "<strong>body</strong>" in html
    assert f"/admin/{section}/{item._meta.model_name}/{item.pk}/change/" in html
    editor_client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404


def test_a_scheduled_item_says_when_it_goes_public(editor_client):
    event = EventFactory(publish_at=timezone.now() + datetime.timedelta(days=3))
    html = editor_client.get(f"/preview/events/{event.pk}/").content.decode()
    assert "scheduled" in html and "goes public on" in html


def test_the_preview_is_the_public_page_plus_a_banner(editor_client, client):
    event = EventFactory(body="Same **page**")
    preview = editor_client.get(f"/preview/events/{event.pk}/").content.decode()
    public = client.get(event.get_absolute_url()).content.decode()
    assert article(preview) == article(public)
    assert "preview-banner" not in public and "noindex" not in public


def test_the_public_and_non_staff_cannot_preview(client, django_user_model):
    event = EventFactory(status=PublicationStatus.DRAFT)
    response = client.get(f"/preview/events/{event.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    reader = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(reader)
    assert client.get(f"/preview/events/{event.pk}/").status_code == 302


def test_preview_of_an_unknown_section_or_item_is_404(editor_client):
    assert editor_client.get("/preview/users/1/").status_code == 404
    assert editor_client.get("/preview/events/999999/").status_code == 404


def test_the_markdown_preview_uses_the_public_renderer(editor_client):
    text = "# Title\n\nSome *text* <script>alert(1)</script> [x](javascript:alert(1))"
    response = editor_client.post("/admin/markdown-preview/", {"text": text})
    assert response.status_code == 200
    assert response.json()["html"] == render_markdown(text)
    assert "<script" not in response.json()["html"] and "javascript:" not in response.json()["html"]


def test_the_markdown_preview_is_for_staff_and_post_only(editor_client, client):
    assert editor_client.get("/admin/markdown-preview/").status_code == 405
    assert editor_client.post("/admin/markdown-preview/", {"text": "x" * 100_001}).status_code == 400
    editor_client.logout()
    response = client.post("/admin/markdown-preview/", {"text": "hi"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_change_form_has_syntax_help_and_the_preview_script(editor_client):
    html = editor_client.get("/admin/events/event/add/").content.decode()
    assert "Markdown: **bold**" in html
    assert "admin-portal/markdown-preview" in html
    assert 'id="markdown-preview-config"' in html
