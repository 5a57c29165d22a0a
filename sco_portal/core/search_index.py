"""A substring index for search, so that a search reads only the items that contain its words.

Search matches any part of a word, case-insensitively, because Chinese has no spaces between
words. Without an index every search reads every published item's title, summary and body in
the reader's language and English. Trigram indexes serve exactly that kind of match:

- SQLite: an FTS5 table per section with the trigram tokenizer, over the translated title,
  summary and body columns (`<table>_search`, an external-content table holding only the index),
  kept current by triggers on the section's table, so rows written any way (the admin, a shell,
  bulk inserts, raw SQL, a restore) are indexed. `words_match()` asks it which rows contain a word.
- PostgreSQL: pg_trgm GIN indexes on `UPPER(column::text)`, which serve Django's `icontains`
  exactly as it is written, so the queries need no change there.

A trigram index cannot answer a word shorter than three characters (such as the two-character
Chinese 合作); such words are matched by reading the rows, as before.

`ensure_search_index()` runs after every `migrate` (and test-database set-up). It creates what is
missing and rebuilds the SQLite index whenever its triggers had to be made again: SQLite remakes a
table, dropping its triggers, when a migration alters one of its columns.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models.expressions import RawSQL
from modeltranslation.utils import build_localized_fieldname

from sco_portal.core.models import content_models

logger = logging.getLogger(__name__)

SEARCHED_FIELDS = ("title", "summary", "body")
SHORTEST_INDEXED_WORD = 3  # characters: a trigram index needs one whole trigram


def indexed_columns(fields=SEARCHED_FIELDS):
    return [build_localized_fieldname(field, language) for language, _name in settings.LANGUAGES for field in fields]


def fts_table(model):
    return f"{model._meta.db_table}_search"


# --- SQLite: an FTS5 trigram table per section -----------------------------------------------------


def _sqlite_schema(model):
    """The statements that make the index and its triggers, by name."""
    table, fts, key = model._meta.db_table, fts_table(model), model._meta.pk.column
    columns = indexed_columns()
    names = ", ".join(f'"{column}"' for column in columns)
    new = ", ".join(f'new."{column}"' for column in columns)
    old = ", ".join(f'old."{column}"' for column in columns)
    insert = f'INSERT INTO "{fts}"(rowid, {names}) VALUES (new."{key}", {new});'
    watched = ", ".join(f'"{column}"' for column in columns)
    delete = f'INSERT INTO "{fts}"("{fts}", rowid, {names}) VALUES (\'delete\', old."{key}", {old});'
    return {
        fts: (
            f'CREATE VIRTUAL TABLE "{fts}" USING fts5({names}, content="{table}", content_rowid="{key}", '
            f"tokenize='trigram')"
        ),
        f"{fts}_insert": f'CREATE TRIGGER "{fts}_insert" AFTER INSERT ON "{table}" BEGIN {insert} END',
        f"{fts}_delete": f'CREATE TRIGGER "{fts}_delete" AFTER DELETE ON "{table}" BEGIN {delete} END',
        f"{fts}_update": (
            f'CREATE TRIGGER "{fts}_update" AFTER UPDATE OF {watched} ON "{table}" BEGIN {delete} {insert} END'
        ),
    }


def _ensure_sqlite(connection, model):
    wanted = _sqlite_schema(model)
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(wanted))
        cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE name IN ({placeholders})", list(wanted))
        present = dict(cursor.fetchall())
    if present == wanted:
        return False
    fts = fts_table(model)
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if present.get(fts) != wanted[fts]:
                present = {}  # a new table: every trigger is made again with it
                cursor.execute(f'DROP TABLE IF EXISTS "{fts}"')
            for name, sql in wanted.items():
                if present.get(name) != sql:
                    if name != fts:
                        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(sql)
            cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
    except DatabaseError as error:
        # An SQLite built without FTS5: search still works, reading every row. No trigger may be left
        # pointing at a missing index, or every write to the section would fail.
        with connection.cursor() as cursor:
            for name in wanted:
                if name != fts:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        logger.warning("No search index for %s (%s); search reads every row", model._meta.label, error)
        return False
    return True


_ready = set()


def _index_ready(connection, model):
    """Whether the SQLite index exists (code deployed before `migrate` ran finds none, and scans)."""
    key = (connection.alias, str(connection.settings_dict["NAME"]), fts_table(model))
    if key not in _ready:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [fts_table(model)])
            if cursor.fetchone() is None:
                return False
        _ready.add(key)
    return True


def words_match(model, word, columns, using="default"):
    """An expression for "the row's pk is among those whose `columns` contain `word`", or None when the
    index cannot answer (not SQLite, a word too short for a trigram, or no index made yet)."""
    connection = connections[using]
    if connection.vendor != "sqlite" or len(word) < SHORTEST_INDEXED_WORD or not _index_ready(connection, model):
        return None
    column_filter = " ".join(f'"{column}"' for column in columns)
    phrase = '"' + word.replace('"', '""') + '"'
    return RawSQL(
        f'SELECT rowid FROM "{fts_table(model)}" WHERE "{fts_table(model)}" MATCH %s',
        (f"{{{column_filter}}} : {phrase}",),
    )


# --- PostgreSQL: pg_trgm GIN indexes ---------------------------------------------------------------


def _postgresql_indexes(model):
    table = model._meta.db_table
    return {
        f"{table}_{column}_trgm"[-63:]: (
            f'CREATE INDEX IF NOT EXISTS "{f"{table}_{column}_trgm"[-63:]}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )
        for column in indexed_columns()
    }


def _ensure_postgresql(connection, model):
    indexes = _postgresql_indexes(model)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(indexes)])
        present = {name for (name,) in cursor.fetchall()}
        missing = [sql for name, sql in indexes.items() if name not in present]
        if not missing:
            return False
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:
            # Search still works without its index, reading every row; say how to give it one.
            logger.warning(
                "No search index: pg_trgm cannot be created (%s); a superuser can run CREATE EXTENSION pg_trgm", error
            )
            return False
        for sql in missing:
            cursor.execute(sql)
    return True


def ensure_search_index(using="default", **kwargs):
    """Create whatever part of the search index is missing; returns the models whose index was (re)made."""
    connection = connections[using]
    ensure = {"sqlite": _ensure_sqlite, "postgresql": _ensure_postgresql}.get(connection.vendor)
    if ensure is None:
        return []
    tables = set(connection.introspection.table_names())
    made = [model for model in content_models() if model._meta.db_table in tables and ensure(connection, model)]
    if made:
        logger.info("Search index made for %s", ", ".join(model._meta.label for model in made))
    return made
