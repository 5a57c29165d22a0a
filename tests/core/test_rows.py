"""core/templatetags/rows.py: every row links its own item's page, in the reader's language."""

import re

import pytest
from django.utils import translation

from tests.factories import CenterFactory, EventFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

ROW_LINK = re.compile(r'<h3[^>]*><a href="([^"]+)">')
PAGES = ["/", "/timeline/", "/events/", "/centers/", "/statements/", "/search/?q=energy"]


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_each_row_links_its_items_page(client, language):
    topic = TopicFactory(slug="energy", name="Energy")
    items = [
        factory(title=f"Energy {factory.__name__}", summary="energy", topics=[topic], slug=f"energy-{n}")
        for n, factory in enumerate((EventFactory, CenterFactory, StatementFactory))
    ]
    with translation.override(language):
        expected = {item.get_absolute_url() for item in items}
    prefix = "" if language == "en" else f"/{language}"
    seen = set()
    for page in PAGES:
        response = client.get(prefix + page)
        assert response.status_code == 200, page
        links = set(ROW_LINK.findall(response.content.decode()))
        assert links, page
        assert links <= expected, (page, links - expected)
        seen |= links
    assert seen == expected
    for link in expected:
        assert client.get(link).status_code == 200
