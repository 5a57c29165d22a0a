"""Synthetic content for scale tests and benchmarks, clearly marked so it is never taken for real."""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sco_portal.centers.models import Center, CenterKind, CenterStatus
from sco_portal.core.markup import render_markdown
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import Event, EventKind
from sco_portal.statements.models import Statement, StatementKind
from sco_portal.taxonomy.models import Country, Source, Topic

MARK = "[Synthetic]"
BATCH = 2000
WORDS = (
    "cooperation innovation research energy digital green industry agriculture education transport "
    "laboratory platform exchange forum network climate health data artificial intelligence"
).split()


class Command(BaseCommand):
    help = "Add synthetic events, initiatives and statements (titles start with [Synthetic]) for scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=0)
        parser.add_argument("--centers", type=int, default=0)
        parser.add_argument("--statements", type=int, default=0)
        parser.add_argument("--seed", type=int, default=2001, help="Random seed, for repeatable data.")

    def handle(self, *args, **options):
        counts = {k: options[k] for k in ("events", "centers", "statements")}
        if any(n < 0 for n in counts.values()):
            raise CommandError("Counts must be zero or more.")
        rng = random.Random(options["seed"])
        topics = list(Topic.objects.all()) or [Topic.objects.create(name="Synthetic topic", slug="synthetic-topic")]
        countries = list(Country.objects.all())
        source, _ = Source.objects.get_or_create(
            key="synthetic-data",
            defaults={"title": "Synthetic data for testing", "publisher": "SCO Cooperation Portal"},
        )
        start = Event.objects.count() + Center.objects.count() + Statement.objects.count()
        with transaction.atomic():
            events = self.create(Event, counts["events"], rng, start, topics, countries, source, self.event_fields)
            centers = self.create(Center, counts["centers"], rng, start, topics, countries, source, self.center_fields)
            self.create(Statement, counts["statements"], rng, start, topics, countries, source, self.statement_fields)
            if events and centers:
                through = Event.centers.through
                links = [through(event_id=e, center_id=rng.choice(centers)) for e in events[: len(events) // 3]]
                through.objects.bulk_create(links, batch_size=BATCH)
        self.stdout.write(
            f"Added {counts['events']} events, {counts['centers']} initiatives, {counts['statements']} statements."
        )

    def create(self, model, n, rng, start, topics, countries, source, fields):
        if not n:
            return []
        now = timezone.now()
        base = datetime.date(2001, 6, 15)
        name = model._meta.model_name
        pks = []
        for offset in range(0, n, BATCH):
            objs = []
            for i in range(offset, min(n, offset + BATCH)):
                words = " ".join(rng.choice(WORDS) for _ in range(4))
                body = f"Synthetic {name} number {i} about {words}.\n\nGenerated for scale tests."
                day = base + datetime.timedelta(days=rng.randrange(0, 9000))
                objs.append(
                    model(
                        title=f"{MARK} {words.capitalize()} {name} {start + i}",
                        slug=f"synthetic-{name}-{start + i}",
                        summary=f"Synthetic {name} about {words}.",
                        body=body,
                        body_html=render_markdown(body),
                        status=PublicationStatus.PUBLISHED,
                        publish_at=now - datetime.timedelta(minutes=i),
                        **fields(rng, day, countries),
                    )
                )
            created = model.objects.bulk_create(objs, batch_size=BATCH)
            pks.extend(obj.pk for obj in created)
        self.tag(model, pks, rng, topics, countries, source)
        return pks

    def tag(self, model, pks, rng, topics, countries, source):
        fk = f"{model._meta.model_name}_id"
        for field, choices in (("topics", topics), ("countries", countries)):
            if not choices:
                continue
            through = getattr(model, field).through
            target = f"{field[:-1] if field == 'topics' else 'country'}_id"
            rows = []
            for pk in pks:
                for choice in rng.sample(choices, k=min(2, len(choices))):
                    rows.append(through(**{fk: pk, target: choice.pk}))
            through.objects.bulk_create(rows, batch_size=BATCH)
        through = model.sources.through
        through.objects.bulk_create([through(**{fk: pk, "source_id": source.pk}) for pk in pks], batch_size=BATCH)

    @staticmethod
    def event_fields(rng, day, countries):
        return {
            "kind": rng.choice(EventKind.values),
            "start_date": day,
            "city": "Synthetic City",
            "country": rng.choice(countries) if countries else None,
        }

    @staticmethod
    def center_fields(rng, day, countries):
        return {
            "kind": rng.choice(CenterKind.values),
            "initiative_status": rng.choice(CenterStatus.values),
            "launched_on": day,
            "key_date": day,
            "city": "Synthetic City",
            "country": rng.choice(countries) if countries else None,
        }

    @staticmethod
    def statement_fields(rng, day, countries):
        return {"kind": rng.choice(StatementKind.values), "issuer": "Synthetic issuer", "issued_on": day}
