"""Load a file written by `backup` into an empty, migrated database."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from sco_portal.core.cache import content_changed, is_portal_model


class Command(BaseCommand):
    help = (
        "Load FILE, written by `manage.py backup`, into an empty database on which `migrate` has run. "
        "Refuses a database that already holds content or users, so nothing is ever merged or overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by `manage.py backup`")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database to restore into")

    def handle(self, *args, **options):
        database = options["database"]
        held = self.rows_held(database)
        if held:
            raise CommandError(
                "This database is not empty (it holds "
                + ", ".join(f"{count} {name}" for name, count in held)
                + "). Restore into a new database after `manage.py migrate`; nothing was changed."
            )
        # loaddata writes everything in one transaction: a broken file leaves the database as it was.
        call_command("loaddata", options["file"], database=database, verbosity=0)
        content_changed()
        if options["verbosity"]:
            counts = ", ".join(f"{count} {name}" for name, count in self.rows_held(database))
            self.stdout.write(self.style.SUCCESS(f"Restored {options['file']}: {counts}."))

    def rows_held(self, database):
        models = [get_user_model()] + [model for model in apps.get_models() if is_portal_model(model)]
        counts = [
            (str(model._meta.verbose_name_plural), model._default_manager.using(database).count()) for model in models
        ]
        return [(name, count) for name, count in counts if count]
