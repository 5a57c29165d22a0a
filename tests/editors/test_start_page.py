"""The editors' start page: drafts, scheduled items with their times, recent changes, add links."""

import datetime

import pytest
from django.utils import timezone

from sco_portal.core.models import PublicationStatus
from tests.editors.test_publishing import add_event
from tests.factories import CenterFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_the_start_page_shows_what_an_editor_needs(editor_client):
    add_event(editor_client)  # a draft, and a recent change
    CenterFactory(title="A draft initiative", status=PublicationStatus.DRAFT)
    when = timezone.now() + datetime.timedelta(days=5)
    StatementFactory(title="A scheduled statement", publish_at=when)
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    drafts = html[html.index('id="start-drafts"') : html.index('id="start-scheduled"')]
    assert "Forum on digital cooperation" in drafts and "A draft initiative" in drafts
    scheduled = html[html.index('id="start-scheduled"') : html.index('id="start-recent"')]
    assert "A scheduled statement" in scheduled
    assert f'datetime="{timezone.localtime(when).isoformat()}"' in scheduled
    recent = html[html.index('id="start-recent"') :]
    assert "Forum on digital cooperation" in recent and "Added" in recent and "Eda" in recent
    for add_url in ("/admin/events/event/add/", "/admin/centers/center/add/", "/admin/statements/statement/add/"):
        assert f'href="{add_url}"' in html


def test_the_start_page_costs_a_bounded_number_of_queries(editor_client, django_assert_max_num_queries):
    for n in range(30):
        CenterFactory(status=PublicationStatus.DRAFT, slug=f"draft-{n}")
    with django_assert_max_num_queries(25):
        assert editor_client.get("/admin/").status_code == 200
