"""Write the whole portal to one file that `restore` reads back (dumpdata with natural keys).

The file is an ordinary Django JSON fixture, except that times keep their microseconds: Django's
JSON encoder keeps milliseconds only, and a restored site must show exactly what the old one did.
"""

import datetime

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS

# Left out, and why: content types and permissions are created by `migrate` in every database (rows that
# point at them are written with natural keys instead); sessions and sign-in attempts are short-lived
# state, and restoring old sign-in failures would lock people out.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime) or (isinstance(o, datetime.time) and o.utcoffset() is None):
            return o.isoformat()
        return super().default(o)


class Serializer(json_serializer.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = json_serializer.Deserializer


class Command(BaseCommand):
    help = (
        "Write everything the portal holds (content, taxonomy, change notes, former addresses, revision "
        "history, the admin's log, users and groups) to FILE; .json.gz, .json.bz2 or .json.xz compress it. "
        "`manage.py restore FILE` loads it into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write, e.g. backups/sco-2025-09-01.json.gz")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database to back up")

    def handle(self, *args, **options):
        file = options["file"]
        if not file.endswith((".json", ".json.gz", ".json.bz2", ".json.xz", ".json.lzma")):
            raise CommandError("The backup file's name must end in .json, .json.gz, .json.bz2 or .json.xz.")
        # This command's process only: JSON written with every microsecond (loaddata reads it as usual).
        serializers.register_serializer("json", __name__)
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            output=file,
            database=options["database"],
            verbosity=0,
        )
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Wrote {file}."))
