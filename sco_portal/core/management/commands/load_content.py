"""Load the demo content in `fixtures/` idempotently, through each model's own save().

`loaddata` writes rows raw: it skips `save()` (which renders Markdown into `body_html` and
normalises partial dates) and rewrites every row on every run. This command instead finds
each fixture object's row by its natural key, compares the fields the fixture gives, and
saves only what is new or different, so a second run changes nothing.

Translations are ordinary fields (`title_ru`, `name_zh_hans`, ...); the original field names
(`title`, `name`) carry the English text, as the model reads them in English.
"""

import json
from pathlib import Path

import reversion
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError, deserialize_fk_value, deserialize_m2m_values
from django.db import DEFAULT_DB_ALIAS, DatabaseError, models, transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from sco_portal.core.markup import render_markdown

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class Command(BaseCommand):
    help = (
        "Load the demo content from the fixtures directory (every *.json file, in name order). "
        "Rows are matched by natural key and saved through the model's save() only when they are "
        "new or differ from the fixture, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="*",
            help="Fixture files to load instead of every file in the fixtures directory.",
        )
        parser.add_argument(
            "--fixtures-dir",
            default=str(Path(settings.BASE_DIR) / "fixtures"),
            help="Directory holding the fixture files (default: fixtures/ in the project).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, then roll everything back.",
        )

    def handle(self, *args, files, fixtures_dir, dry_run, verbosity, **options):
        self.verbosity = verbosity
        paths = [Path(f) for f in files] if files else sorted(Path(fixtures_dir).glob("*.json"))
        if not paths:
            raise CommandError(f"No fixture files found in {fixtures_dir}.")
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such fixture file: {path}")

        self.results = {}  # (label, pk) -> CREATED / UPDATED / UNCHANGED
        self.pending = []  # (instance, {field: raw value}) whose references were not loaded yet
        # In English, so that `title` in a fixture means the English title whatever the shell's language.
        # What is created or changed is recorded in the admin's History as one revision, so an editor can
        # compare with and go back to the demo text, and recover a demo item someone deleted; a run that changes
        # nothing records nothing.
        with (
            translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
            transaction.atomic(using=DEFAULT_DB_ALIAS),
        ):
            with reversion.create_revision(atomic=False):
                reversion.set_comment("Loaded from the demo content (load_content)")
                for path in paths:
                    self.load_file(path)
                self.resolve_forward_references()
            if dry_run:
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)

        tally = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        for outcome in self.results.values():
            tally[outcome] += 1
        prefix = "Dry run, nothing saved: would have " if dry_run else ""
        message = f"{prefix}created {tally[CREATED]}, updated {tally[UPDATED]}, unchanged {tally[UNCHANGED]}"
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(message) if not dry_run else message)

    # Reading

    def load_file(self, path):
        try:
            raw_objects = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: cannot read it as JSON ({exc})") from exc
        if not isinstance(raw_objects, list):
            raise CommandError(f"{path}: expected a JSON list of objects")
        for index, raw in enumerate(raw_objects):
            if "pk" in raw:
                raise CommandError(f"{path}, object {index + 1}: use natural keys, not a 'pk'")
            # One object at a time, so later objects can refer to rows saved just before them.
            try:
                (deserialized,) = serializers.deserialize(
                    "python", [raw], using=DEFAULT_DB_ALIAS, handle_forward_references=True
                )
            except DeserializationError as exc:
                raise CommandError(f"{path}, object {index + 1}: {exc}") from exc
            try:
                self.load_object(deserialized, set(raw.get("fields", {})))
            except (ValidationError, DatabaseError, ObjectDoesNotExist) as exc:
                raise CommandError(f"{path}, object {index + 1} ({raw.get('model')}): {exc}") from exc

    # Writing

    def load_object(self, deserialized, given):
        candidate = deserialized.object
        model = type(candidate)
        deferred = {field.name: value for field, value in deserialized.deferred_fields.items()}
        fields = [f for f in comparable_fields(model) if f.name in given and f.name not in deferred]
        m2m = {name: set(pks) for name, pks in deserialized.m2m_data.items()}

        if candidate.pk is None:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
            candidate.save()
            for name, pks in m2m.items():
                getattr(candidate, name).set(pks)
            instance, outcome = candidate, CREATED
        else:
            instance = model._default_manager.get(pk=candidate.pk)
            changed = [f for f in fields if getattr(instance, f.attname) != getattr(candidate, f.attname)]
            m2m_changed = {
                name: pks
                for name, pks in m2m.items()
                if set(getattr(instance, name).values_list("pk", flat=True)) != pks
            }
            stale_html = hasattr(instance, "body_html") and html_is_stale(instance)
            if changed or m2m_changed or stale_html:
                for field in changed:
                    setattr(instance, field.attname, getattr(candidate, field.attname))
                instance.full_clean(validate_unique=False, validate_constraints=False)
                instance.save()
                for name, pks in m2m_changed.items():
                    getattr(instance, name).set(pks)
                outcome = UPDATED
                self.log(f"Updated {describe(instance)}: {', '.join([f.name for f in changed] + list(m2m_changed))}")
            else:
                outcome = UNCHANGED
        if outcome == CREATED:
            self.log(f"Created {describe(instance)}")
        self.results[(model._meta.label, instance.pk)] = outcome
        if deferred:
            self.pending.append((instance, deferred))

    def resolve_forward_references(self):
        """Fill in references to objects that only appeared later in the fixtures."""
        for instance, deferred in self.pending:
            model = type(instance)
            changed = False
            for name, value in deferred.items():
                field = model._meta.get_field(name)
                try:
                    if field.many_to_many:
                        pks = set(deserialize_m2m_values(field, value, DEFAULT_DB_ALIAS, False))
                        manager = getattr(instance, name)
                        if set(manager.values_list("pk", flat=True)) != pks:
                            manager.set(pks)
                            changed = True
                    else:
                        pk = deserialize_fk_value(field, value, DEFAULT_DB_ALIAS, False)
                        if getattr(instance, field.attname) != pk:
                            setattr(instance, field.attname, pk)
                            changed = True
                except Exception as exc:
                    raise CommandError(f"{describe(instance)}: cannot resolve {name}={value!r} ({exc})") from exc
            if changed:
                instance.save()
                key = (model._meta.label, instance.pk)
                if self.results[key] == UNCHANGED:
                    self.results[key] = UPDATED
                self.log(f"Linked {describe(instance)}")

    def log(self, message):
        if self.verbosity >= 2:
            self.stdout.write(message)


def comparable_fields(model):
    """Concrete, editable, non-key fields: what a fixture sets. Computed fields and timestamps are left to save()."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and not isinstance(f, models.AutoField)
    ]


def html_is_stale(instance):
    """Whether any language's stored body_html differs from what its Markdown body renders to now."""
    for language, _name in settings.LANGUAGES:
        body = getattr(instance, build_localized_fieldname("body", language)) or ""
        html = getattr(instance, build_localized_fieldname("body_html", language)) or ""
        if html != (render_markdown(body) if body else ""):
            return True
    return False


def describe(instance):
    return f"{instance._meta.label} {instance}"
