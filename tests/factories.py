"""factory_boy factories for the portal's models. Content is published and due unless told otherwise."""

import datetime

import factory
from django.utils import timezone

from sco_portal.centers.models import Center, CenterKind, CenterStatus
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import Event, EventKind
from sco_portal.statements.models import Statement, StatementKind
from sco_portal.taxonomy.models import Country, CountryStatus, SCOStatus, Source, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    iso_code = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")


class CountryStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryStatus

    country = factory.SubFactory(CountryFactory)
    status = SCOStatus.MEMBER
    since = datetime.date(2001, 6, 15)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    publisher = "Test Publisher"
    title = factory.Sequence(lambda n: f"Source document {n}")


class ContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Item number {n}")
    slug = factory.Sequence(lambda n: f"item-{n}")
    summary = factory.LazyAttribute(lambda o: f"A short summary of {o.title}.")
    body = factory.LazyAttribute(lambda o: f"The body of **{o.title}**.")
    status = PublicationStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class EventFactory(ContentFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.MEETING
    start_date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    city = "Tianjin"


class CenterFactory(ContentFactory):
    class Meta:
        model = Center
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"center-{n}")
    kind = CenterKind.CENTER
    initiative_status = CenterStatus.LAUNCHED
    launched_on = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))


class StatementFactory(ContentFactory):
    class Meta:
        model = Statement
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"statement-{n}")
    kind = StatementKind.STATEMENT
    issuer = "Council of Heads of State"
    issued_on = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
