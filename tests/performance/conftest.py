import datetime

import pytest

from sco_portal.taxonomy.models import Country, Topic
from tests.factories import CenterFactory, EventFactory, StatementFactory

# Lengths of real items at the long end: titles of 100-odd characters, summaries near the 600 allowed.
TITLE = "Ministers of science and technology of the SCO member states meet to adopt a joint programme, part {n}"
SUMMARY = (
    "The ministers reviewed the cooperation programme adopted at the previous meeting, agreed on joint "
    "laboratories in artificial intelligence, green energy and agriculture, and asked the secretariat to "
    "prepare a roadmap for technology transfer centres in every member state. They welcomed the launch of a "
    "common platform for researchers, with calls for joint projects open to universities and companies, "
    "and agreed to meet again next year to review progress on each of the items, number {n}."
)


@pytest.fixture
def realistic_content(demo_content):
    """The demo content plus a few pages of items of realistic length in every section, fully tagged."""
    topics = list(Topic.objects.order_by("pk")[:3])
    countries = list(Country.objects.order_by("pk")[:3])
    for n in range(25):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=5 * n)
        common = {"title": TITLE.format(n=n), "summary": SUMMARY.format(n=n), "topics": topics, "countries": countries}
        EventFactory(slug=f"weight-event-{n}", start_date=day, city="Bishkek", country=countries[0], **common)
        CenterFactory(slug=f"weight-center-{n}", launched_on=day, city="Qingdao", country=countries[1], **common)
        StatementFactory(slug=f"weight-statement-{n}", issued_on=day, **common)
    return {"topic": topics[0], "country": countries[0]}
