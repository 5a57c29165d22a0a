"""Synthetic content for scale tests and benchmarks, clearly marked so it is never taken for real.

Fast enough for a benchmark database of 100,000 items in well under a minute: items go in with
`bulk_create` in batches, the many-to-many rows (topics, countries, sources, related initiatives)
with one multi-row INSERT per batch, and the Markdown body, which has the same shape for every
item, is rendered once per section and filled in (the result is what `render_markdown` gives).
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.db.models import Max
from django.utils import timezone

from sco_portal.centers.models import Center, CenterKind, CenterStatus
from sco_portal.core.cache import content_changed
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
BODY = "Synthetic {name} number {number} about {words}.\n\nGenerated for scale tests."
# Placeholders that Markdown leaves as they are, swapped for each item's number and words.
NUMBER_SLOT, WORDS_SLOT = "NUMBERSLOT", "WORDSSLOT"


def body_html_template(name):
    html = render_markdown(BODY.format(name=name, number=NUMBER_SLOT, words=WORDS_SLOT))
    if NUMBER_SLOT not in html or WORDS_SLOT not in html:  # pragma: no cover - guards a renderer change
        raise CommandError("The Markdown renderer changed the body template; generate_content needs updating.")
    return html


class RowWriter:
    """Multi-row INSERTs of whole items, with the columns and defaults a model instance would have.

    Which columns an attribute fills is learnt from one probe instance, so fields added by
    other apps (each language's copy of a translated field, say) are filled as the model would
    fill them; every other column gets its default, and timestamps the time of the insert.
    """

    def __init__(self, using, model):
        self.connection = connections[using]
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = [f.get_db_prep_save(f.pre_save(model(), add=True), self.connection) for f in self.fields]
        self.targets = {}
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(f.column) for f in self.fields)
        self.sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        )

    def columns_for(self, attributes):
        """{attribute: (field that converts its value, positions of the columns it fills)}."""
        key = tuple(attributes)
        if key not in self.targets:
            marks = {name: f"probe-{name}" for name in attributes}
            probe = self.model(**marks)
            found = {}
            for position, field in enumerate(self.fields):
                value = getattr(probe, field.attname)
                for name, mark in marks.items():
                    if value == mark:
                        found.setdefault(name, []).append((position, field))
            missing = set(attributes) - set(found)
            if missing:  # pragma: no cover - guards a model change
                raise CommandError(f"No column takes {', '.join(sorted(missing))}.")
            self.targets[key] = {name: (places[0][1], [p for p, _f in places]) for name, places in found.items()}
        return self.targets[key]

    def insert(self, items):
        if not items:
            return
        targets = self.columns_for(items[0])
        rows = []
        for item in items:
            row = list(self.defaults)
            for name, value in item.items():
                field, positions = targets[name]
                prepared = field.get_db_prep_save(value, self.connection)
                for position in positions:
                    row[position] = prepared
            rows.append(row)
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)


def insert_rows(using, model, columns, rows):
    """Plain multi-row INSERTs for link tables: no model instance per row."""
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), BATCH * 5):
            cursor.executemany(sql, rows[offset : offset + BATCH * 5])


class Command(BaseCommand):
    help = "Add synthetic events, initiatives and statements (titles start with [Synthetic]) for scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=0)
        parser.add_argument("--centers", type=int, default=0)
        parser.add_argument("--statements", type=int, default=0)
        parser.add_argument("--seed", type=int, default=2001, help="Random seed, for repeatable data.")
        parser.add_argument("--database", default="default", help="The database to fill.")

    def handle(self, *args, **options):
        counts = {k: options[k] for k in ("events", "centers", "statements")}
        if any(n < 0 for n in counts.values()):
            raise CommandError("Counts must be zero or more.")
        self.using = options["database"]
        rng = random.Random(options["seed"])
        topics = list(Topic.objects.using(self.using).values_list("pk", flat=True))
        if not topics:
            topics = [Topic.objects.using(self.using).create(name="Synthetic topic", slug="synthetic-topic").pk]
        countries = list(Country.objects.using(self.using).values_list("pk", flat=True))
        source, _ = Source.objects.using(self.using).get_or_create(
            key="synthetic-data",
            defaults={"title": "Synthetic data for testing", "publisher": "SCO Cooperation Portal"},
        )
        start = sum(model.objects.using(self.using).count() for model in (Event, Center, Statement))
        context = {"rng": rng, "start": start, "topics": topics, "countries": countries, "source": source.pk}
        with transaction.atomic(using=self.using):
            events = self.create(Event, counts["events"], self.event_fields, **context)
            centers = self.create(Center, counts["centers"], self.center_fields, **context)
            self.create(Statement, counts["statements"], self.statement_fields, **context)
            if events and centers:
                # A third of the events relate to an initiative, as real ones often do.
                rows = [(pk, rng.choice(centers)) for pk in events[: len(events) // 3]]
                insert_rows(self.using, Event.centers.through, ("event", "center"), rows)
        # Rows written without model signals: retire the cached pages ourselves.
        content_changed()
        if options["verbosity"]:
            self.stdout.write(
                f"Added {counts['events']} events, {counts['centers']} initiatives, {counts['statements']} statements."
            )

    def create(self, model, n, fields, *, rng, start, topics, countries, source):
        if not n:
            return []
        now = timezone.now()
        base = datetime.date(2001, 6, 15)
        name = model._meta.model_name
        html = body_html_template(name)
        writer = RowWriter(self.using, model)
        last_pk = model.objects.using(self.using).aggregate(last=Max("pk"))["last"] or 0
        for offset in range(0, n, BATCH):
            items = []
            for i in range(offset, min(n, offset + BATCH)):
                words = " ".join(rng.choice(WORDS) for _ in range(4))
                number = start + i
                day = base + datetime.timedelta(days=rng.randrange(0, 9000))
                items.append(
                    {
                        "title": f"{MARK} {words.capitalize()} {name} {number}",
                        "slug": f"synthetic-{name}-{number}",
                        "summary": f"Synthetic {name} about {words}.",
                        "body": BODY.format(name=name, number=number, words=words),
                        "body_html": html.replace(NUMBER_SLOT, str(number)).replace(WORDS_SLOT, words),
                        "status": PublicationStatus.PUBLISHED,
                        "publish_at": now - datetime.timedelta(minutes=i),
                        **fields(rng, day, countries),
                    }
                )
            writer.insert(items)
        pks = list(
            model.objects.using(self.using)
            .filter(pk__gt=last_pk, slug__startswith="synthetic-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.tag(model, pks, rng, topics, countries, source)
        return pks

    def tag(self, model, pks, rng, topics, countries, source):
        owner = model._meta.model_name
        for field, target, choices in (("topics", "topic", topics), ("countries", "country", countries)):
            if choices:
                k = min(2, len(choices))
                rows = [(pk, choice) for pk in pks for choice in rng.sample(choices, k=k)]
                insert_rows(self.using, getattr(model, field).through, (owner, target), rows)
        insert_rows(self.using, model.sources.through, (owner, "source"), [(pk, source) for pk in pks])

    @staticmethod
    def event_fields(rng, day, countries):
        return {
            "kind": rng.choice(EventKind.values),
            "start_date": day,
            "city": "Synthetic City",
            "country_id": rng.choice(countries) if countries else None,
        }

    @staticmethod
    def center_fields(rng, day, countries):
        return {
            "kind": rng.choice(CenterKind.values),
            "initiative_status": rng.choice(CenterStatus.values),
            "launched_on": day,
            "key_date": day,
            "city": "Synthetic City",
            "country_id": rng.choice(countries) if countries else None,
        }

    @staticmethod
    def statement_fields(rng, day, countries):
        return {"kind": rng.choice(StatementKind.values), "issuer": "Synthetic issuer", "issued_on": day}
