"""Content builders for the feed tests, on the models directly so the tests stand on their own."""

import datetime
import itertools

import feedparser
from django.utils import timezone

from sco_portal.centers.models import Center, CenterKind, CenterStatus
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import Event, EventKind
from sco_portal.statements.models import Statement, StatementKind
from sco_portal.taxonomy.models import Country, CountryStatus, SCOStatus, Topic

numbers = itertools.count(1)


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def topic(name="Artificial intelligence", slug="artificial-intelligence"):
    return Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def country(name="Kazakhstan", slug="kazakhstan", iso_code="KZ", status=SCOStatus.MEMBER):
    found, created = Country.objects.get_or_create(slug=slug, defaults={"name": name, "iso_code": iso_code})
    if created and status:
        CountryStatus.objects.create(country=found, status=status, since=datetime.date(2001, 6, 15))
    return found


def _content(model, defaults, fields):
    n = next(numbers)
    topics = fields.pop("topics", [])
    countries = fields.pop("countries", [])
    values = {
        "title": f"{model._meta.verbose_name.title()} {n}",
        "slug": f"{model._meta.model_name}-{n}",
        "summary": f"What happened in item {n}.",
        "body": f"The body of item {n}, with **bold** words.",
        "status": PublicationStatus.PUBLISHED,
        "publish_at": hours_ago(1),
        **defaults,
        **fields,
    }
    item = model.objects.create(**values)
    item.topics.set(topics)
    item.countries.set(countries)
    return item


def event(**fields):
    defaults = {"kind": EventKind.MEETING, "start_date": datetime.date(2025, 5, 12), "city": "Astana"}
    return _content(Event, defaults, fields)


def center(**fields):
    defaults = {
        "kind": CenterKind.CENTER,
        "initiative_status": CenterStatus.LAUNCHED,
        "launched_on": datetime.date(2024, 7, 4),
    }
    return _content(Center, defaults, fields)


def statement(**fields):
    defaults = {
        "kind": StatementKind.DECLARATION,
        "issuer": "Council of Heads of State",
        "issued_on": datetime.date(2025, 9, 1),
    }
    return _content(Statement, defaults, fields)


def set_times(item, **times):
    """Change publish_at / updated_at without save(), which would stamp updated_at with now."""
    type(item).objects.filter(pk=item.pk).update(**times)
    item.refresh_from_db()
    return item


def parse(response):
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed
