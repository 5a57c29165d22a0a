"""Every public page template in the states a reader meets, as addresses built from the demo content.

The accessibility, HTML and narrow-screen tests all walk this one list, so a page added here is
checked by all three.
"""

from urllib.parse import urlencode

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from sco_portal.taxonomy.models import Country, Topic

# A topic and a country that the demo content has events for (the Tianjin–Tashkent cargo train).
TOPIC = "transport-logistics"
COUNTRY = "uzbekistan"


def _first(model):
    return model.objects.published().order_by("slug").first().get_absolute_url()


def _filtered(path, **params):
    return f"{path}?{urlencode(params)}"


# name -> function returning the address; call the functions only once the demo content is loaded.
PAGES = {
    "home": lambda: "/",
    "timeline": lambda: "/timeline/",
    "timeline-filtered": lambda: _filtered("/timeline/", topic=TOPIC, country=COUNTRY),
    "events": lambda: "/events/",
    "events-filtered": lambda: _filtered("/events/", topic=TOPIC, country=COUNTRY, year="2025"),
    "events-invalid-filter": lambda: _filtered("/events/", year="abc"),
    "event-detail": lambda: _first(Event),
    "centers": lambda: "/centers/",
    "centers-filtered": lambda: _filtered("/centers/", topic="education", country="kazakhstan"),
    "center-detail": lambda: _first(Center),
    "statements": lambda: "/statements/",
    "statements-filtered": lambda: _filtered("/statements/", topic="artificial-intelligence", q="SCO"),
    "statement-detail": lambda: _first(Statement),
    "countries": lambda: "/countries/",
    "country-detail": lambda: Country.objects.get(slug="kazakhstan").get_absolute_url(),
    "topics": lambda: "/topics/",
    "topic-detail": lambda: Topic.objects.get(slug=TOPIC).get_absolute_url(),
    "search-results": lambda: _filtered("/search/", q="innovation center"),
    "search-no-results": lambda: _filtered("/search/", q="zzyzx-nothing-matches"),
    "search-empty": lambda: "/search/",
    "feeds": lambda: "/feeds/",
    "not-found": lambda: "/no-such-page/",
    "home-russian": lambda: "/ru/",
    "events-chinese": lambda: "/zh-hans/events/",
}

# What each page answers; every other page answers 200.
STATUS = {"events-invalid-filter": 400, "not-found": 404}


def expected_status(name):
    return STATUS.get(name, 200)
