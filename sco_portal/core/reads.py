"""Pages' rows read with SQL written out: an item page's surroundings, the home page, a list's cards,
a page of the timeline or of search results.

Built by the ORM, each such query costs about a millisecond of Python (the queryset, its compilation, a
model instance per row) against a tenth of that for the database. Here each query's SQL is put together
once per model, language and database (or, where its shape depends on the filters or words, per request,
without a queryset), and its rows come back as plain values: what the templates show, in the reader's
language with English where a translation is missing, exactly as `core.translation.localized()` has it,
and `<name>_lang` saying which. The ORM keeps the filtering of section lists and every count.

The visibility rule is the one of `ContentQuerySet.published()`: status published and publish
time passed; `tests/core/test_reads.py` compares every read with the ORM's answer.
"""

import datetime
import functools

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from sco_portal.core.addresses import slug_url
from sco_portal.core.models import PublicationStatus, choice_label
from sco_portal.core.translation import DEFAULT_LANGUAGE, reading_order


@functools.lru_cache(maxsize=4096)
def _q(name):
    """A table's or column's name quoted, once per name: SQLite and PostgreSQL, the portal's databases, quote
    alike, and each use of `connection` is a lookup of the thread's connection (search writes hundreds)."""
    return connection.ops.quote_name(name)


@functools.lru_cache(maxsize=4096)
def _col(table, column):
    return f"{_q(table)}.{_q(column)}"


def text(table, field, language):
    """SQL for `table.field` in `language`, English where it is missing, the untranslated column last."""
    columns = [f"NULLIF({_col(table, build_localized_fieldname(field, lang))}, '')" for lang in reading_order(language)]
    return f"COALESCE({', '.join(columns)}, {_col(table, field)})"


def text_language(table, field, language):
    """SQL for the language `text(table, field, language)` comes out in."""
    if language == DEFAULT_LANGUAGE:
        return f"'{DEFAULT_LANGUAGE}'"
    column = _col(table, build_localized_fieldname(field, language))
    return f"CASE WHEN {column} <> '' THEN '{language}' ELSE '{DEFAULT_LANGUAGE}' END"


def visible(table):
    """SQL for the public's visibility rule, with one parameter: now."""
    return f"{_col(table, 'status')} = '{PublicationStatus.PUBLISHED}' AND {_col(table, 'publish_at')} <= %s"


def now():
    """The moment of visibility as the database compares it (published() passes `timezone.now()`)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def as_date(value):
    """A date column's value: SQLite gives text where the column passed through an expression."""
    return parse_date(value) if isinstance(value, str) else value


def as_datetime(value):
    """A datetime column's value, aware: SQLite gives text, or naive UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _link(model, relation):
    """(link table, column of `model`'s key, column of the other side's key) of the many-to-many
    `relation`, declared on either side."""
    field = model._meta.get_field(relation)
    m2m = field if field.concrete else field.remote_field
    owner_column, item_column = m2m.m2m_column_name(), m2m.m2m_reverse_name()
    if not field.concrete:
        owner_column, item_column = item_column, owner_column
    return m2m.remote_field.through._meta.db_table, owner_column, item_column


def _country_name(table, language):
    """(SQL for the name of `table`'s country in `language`, empty where it has none; the LEFT JOIN it needs)."""
    from sco_portal.taxonomy.models import Country

    country = Country._meta.db_table
    name = f"CASE WHEN {_col(country, 'id')} IS NULL THEN '' ELSE {text(country, 'name', language)} END"
    return name, f"LEFT OUTER JOIN {_q(country)} ON {_col(table, 'country_id')} = {_col(country, 'id')}"


TAGS = (("topic", "topics"), ("country", "countries"))  # a filter and the relation it follows


def _filter_tests(model, used, date=None):
    """SQL conditions on `model`'s rows for the filters named in `used` (topic, country, kind; year on the
    column `date`), each with its parameters in the order of _filter_params(). A tag is tested with EXISTS,
    as core.filters.tagged, so the index being walked is not left for the tag's rows."""
    table, tests = model._meta.db_table, []
    for name, relation in TAGS:
        if name in used:
            link, owner, tag = _link(model, relation)
            tests.append(
                f"EXISTS (SELECT 1 FROM {_q(link)} WHERE {_col(link, owner)} = {_col(table, 'id')} "
                f"AND {_col(link, tag)} = %s)"
            )
    if "kind" in used:
        tests.append(f"{_col(table, 'kind')} = %s")
    if "year" in used:
        tests.append(f"{_col(table, date)} BETWEEN %s AND %s")
    return tests


def _filter_params(filters, used):
    """The parameters of _filter_tests(…, used) for the cleaned `filters`."""
    params = [filters[name].pk for name, _relation in TAGS if name in used]
    if "kind" in used:
        params.append(filters["kind"])
    if "year" in used:
        params += _year_bounds(filters["year"])
    return params


def _year_bounds(year):
    """The first and last day of `year`, as the database compares dates: the ORM's `__year` lookup."""
    year = int(year)
    return [connection.ops.adapt_datefield_value(datetime.date(year, month, day)) for month, day in ((1, 1), (12, 31))]


def _has_country(model):
    return any(f.name == "country" for f in model._meta.get_fields())


IDS = "%IDS%"  # where a list of primary keys goes, one placeholder for each


def _with_ids(sql, *id_lists):
    """`sql` with its IDS markers, in order, made one placeholder per key of each list; and the keys."""
    params = []
    for ids in id_lists:
        sql = sql.replace(IDS, ", ".join(["%s"] * len(ids)), 1)
        params += ids
    return sql, params


def _joined(owner_model, relation):
    """(table, SQL) for the rows `owner_model.<relation>` links to: FROM and JOIN, then a WHERE with one
    parameter, the owner's primary key. `relation` is a many-to-many field of either side, or a
    foreign key of the other model to the owner."""
    field = owner_model._meta.get_field(relation)
    table = field.related_model._meta.db_table
    if not field.many_to_many:
        return table, f"FROM {_q(table)} WHERE {_col(table, field.field.column)} = %s"
    link, owner_column, item_column = _link(owner_model, relation)
    return table, (
        f"FROM {_q(table)} INNER JOIN {_q(link)} ON {_col(link, item_column)} = {_col(table, 'id')} "
        f"WHERE {_col(link, owner_column)} = %s"
    )


def _order(model, language, fallback=True):
    """`model`'s Meta.ordering in SQL. A translated field (a title) is in the reader's language: with English
    where the translation is missing, as pages show it; or, `fallback=False`, its column in that language
    as it is, as the ORM orders a queryset under modeltranslation."""
    from modeltranslation.translator import translator

    translated = translator.get_options_for_model(model).all_fields
    table, terms = model._meta.db_table, []
    for name in model._meta.ordering:
        column = name.lstrip("-")
        column = model._meta.pk.column if column == "pk" else column
        if column not in translated:
            sql = _col(table, column)
        elif fallback:
            sql = text(table, column, language)
        else:
            sql = _col(table, build_localized_fieldname(column, language))
        terms.append(sql + (" DESC" if name.startswith("-") else ""))
    return ", ".join(terms)


# --- An item's topics, countries, sources and change notes ---------------------------------------


@functools.lru_cache(maxsize=64)
def _tags_sql(model, relation, language, vendor):
    table, joined = _joined(model, relation)
    name, name_lang = text(table, "name", language), text_language(table, "name", language)
    return f"SELECT {_col(table, 'slug')}, {name}, {name_lang} {joined} ORDER BY 2, 1"


TAG_URLS = {"topics": "taxonomy:topic_detail", "countries": "taxonomy:country_detail"}


def tags(item, relation):
    """`item`'s topics or countries ("topics", "countries") by name: [{"slug", "name", "name_lang", "url"}]."""
    sql = _tags_sql(type(item), relation, get_language(), connection.vendor)
    return [
        {"slug": slug, "name": name, "name_lang": lang, "url": slug_url(TAG_URLS[relation], slug)}
        for slug, name, lang in _rows(sql, [item.pk])
    ]


@functools.lru_cache(maxsize=16)
def _sources_sql(model, vendor):
    table, joined = _joined(model, "sources")
    columns = ", ".join(_col(table, column) for column in SOURCE_COLUMNS)
    return f"SELECT {columns} {joined} ORDER BY {_col(table, 'published_on')} DESC, {_col(table, 'title')}"


SOURCE_COLUMNS = ("publisher", "title", "url", "published_on")


def sources(item):
    """The sources `item` cites, newest first as Source's own ordering has them:
    [{"publisher", "title", "url", "published_on"}]."""
    rows = _rows(_sources_sql(type(item), connection.vendor), [item.pk])
    return [dict(zip(SOURCE_COLUMNS, (*row[:3], as_date(row[3])), strict=True)) for row in rows]


@functools.lru_cache(maxsize=4)
def _notes_sql(vendor):
    from sco_portal.core.models import ChangeNote

    table = ChangeNote._meta.db_table
    return (
        f"SELECT {_col(table, 'note')}, {_col(table, 'created_at')} FROM {_q(table)} "
        f"WHERE {_col(table, 'content_type_id')} = %s AND {_col(table, 'object_id')} = %s "
        f"ORDER BY {_col(table, 'created_at')} DESC, {_col(table, 'id')} DESC"
    )


def change_notes(item):
    """The item's public change notes, newest first: [{"note", "created_at"}]."""
    content_type = ContentType.objects.get_for_model(item)
    rows = _rows(_notes_sql(connection.vendor), [content_type.pk, item.pk])
    return [{"note": note, "created_at": as_datetime(created_at)} for note, created_at in rows]


# --- Related items ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _related_sql(owner_model, relation, language, vendor, extra, columns):
    model = owner_model._meta.get_field(relation).related_model
    table, joined = _joined(owner_model, relation)
    columns = [
        _col(table, "slug"),
        text(table, "title", language),
        text_language(table, "title", language),
        _col(table, "kind"),
        *(text(table, field, language) for field in extra),
        *(_col(table, column) for column in columns),
    ]
    return f"SELECT {', '.join(columns)} {joined} AND {visible(table)} ORDER BY {_order(model, language)}"


def related(owner, relation, extra=(), columns=()):
    """The published items `owner.<relation>` links to, in their model's ordering, as
    [{"slug", "title", "title_lang", "url", "kind", "kind_label", <extra>..., <columns>...}]; `extra`
    names more text fields to read in the reader's language (a statement's "issuer"), `columns`
    plain columns (dates come back as dates)."""
    model = type(owner)._meta.get_field(relation).related_model
    sql = _related_sql(type(owner), relation, get_language(), connection.vendor, tuple(extra), tuple(columns))
    url_name = f"{model._meta.app_label}:detail"
    items = []
    for slug, title, title_lang, kind, *more in _rows(sql, [owner.pk, now()]):
        item = {"slug": slug, "title": title, "title_lang": title_lang, "url": slug_url(url_name, slug), "kind": kind}
        item["kind_label"] = choice_label(model, "kind", kind)
        item.update(zip((*extra, *columns), more, strict=True))
        for column in columns:
            if model._meta.get_field(column).get_internal_type() == "DateField":
                item[column] = as_date(item[column])
        items.append(item)
    return items


# --- The earlier and the later event ---------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _adjacent_sql(model, language, vendor):
    table = model._meta.db_table
    date, pk = _col(table, "start_date"), _col(table, "id")
    columns = f"{_col(table, 'slug')}, {text(table, 'title', language)}, {text_language(table, 'title', language)}"
    # A range on the date plus the exclusion of the same day's other side, rather than an OR, so the
    # database seeks in the date index and reads one row each way.
    earlier = (
        f"SELECT 'previous', {columns} FROM {_q(table)} WHERE {visible(table)} AND {date} <= %s "
        f"AND NOT ({date} = %s AND {pk} >= %s) ORDER BY {date} DESC, {pk} DESC LIMIT 1"
    )
    later = (
        f"SELECT 'next', {columns} FROM {_q(table)} WHERE {visible(table)} AND {date} >= %s "
        f"AND NOT ({date} = %s AND {pk} <= %s) ORDER BY {date}, {pk} LIMIT 1"
    )
    return f"SELECT * FROM ({earlier}) AS earlier UNION ALL SELECT * FROM ({later}) AS later"


def adjacent_events(event):
    """{"previous": ..., "next": ...}: the published events just before and after `event` in date order
    (ties by primary key), each {"slug", "title", "title_lang", "url"} or None."""
    sql = _adjacent_sql(type(event), get_language(), connection.vendor)
    day, moment = connection.ops.adapt_datefield_value(event.start_date), now()
    found = {"previous": None, "next": None}
    for side, slug, title, title_lang in _rows(sql, [moment, day, day, event.pk] * 2):
        found[side] = {"slug": slug, "title": title, "title_lang": title_lang, "url": slug_url("events:detail", slug)}
    return found


# --- The home page ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _latest_sql(sections, language, vendor):
    parts = []
    for section, model, date, precision, _end in sections:
        table = model._meta.db_table
        columns = [
            f"'{section}' AS section",
            f"{_col(table, 'id')} AS pk",
            f"{_col(table, 'slug')} AS slug",
            f"{text(table, 'title', language)} AS title",
            f"{text_language(table, 'title', language)} AS title_lang",
            f"{_col(table, 'kind')} AS kind",
            f"{_col(table, date)} AS date",
            f"{_col(table, precision)} AS date_precision",
            f"{text(table, 'summary', language)} AS summary",
            f"{text_language(table, 'summary', language)} AS summary_lang",
            f"{_col(table, 'publish_at')} AS published",
        ]
        # Each section's newest few, read from its visibility index, then merged.
        parts.append(
            f"SELECT * FROM (SELECT {', '.join(columns)} FROM {_q(table)} WHERE {visible(table)} "
            f"ORDER BY {_col(table, 'publish_at')} DESC, {_col(table, 'id')} DESC LIMIT %s) AS {section}_part"
        )
    return " UNION ALL ".join(parts) + " ORDER BY published DESC, section, pk DESC LIMIT %s"


LATEST_FIELDS = ("section", "pk", "slug", "title", "title_lang", "kind", "date", "precision", "summary", "summary_lang")


def latest_rows(sections, limit):
    """The `limit` most recently published items of `sections` (timeline.dated_sections), newest first, as
    tuples of LATEST_FIELDS."""
    moment = now()
    rows = _rows(_latest_sql(sections, get_language(), connection.vendor), [moment, limit] * len(sections) + [limit])
    return [(*row[:6], as_date(row[6]), *row[7:10]) for row in rows]


@functools.lru_cache(maxsize=16)
def _listed_sql(model, language, vendor, where, columns, order):
    """Published `model` rows with their country's name, for a short list: slug, title, title_lang,
    city, country name, then `columns`."""
    table = model._meta.db_table
    country_name, joined = _country_name(table, language)
    selected = [
        _col(table, "slug"),
        text(table, "title", language),
        text_language(table, "title", language),
        text(table, "city", language),
        country_name,
    ]
    for column in columns:  # a summary in the reader's language, with the language it came out in
        selected += (
            [text(table, column, language), text_language(table, column, language)]
            if column == "summary"
            else [_col(table, column)]
        )
    where, order = where.format(t=_q(table)), order.format(t=_q(table), title=text(table, "title", language))
    return (
        f"SELECT {', '.join(selected)} FROM {_q(table)} {joined} "
        f"WHERE {visible(table)} AND {where} ORDER BY {order} LIMIT %s"
    )


def upcoming_events(today, limit):
    """The next `limit` published events from `today` on, soonest first: [{"url", "title", "title_lang",
    "date_iso", "date_display", "place"}]."""
    from sco_portal.core.dates import format_span, iso_partial
    from sco_portal.core.translation import place
    from sco_portal.events.models import Event

    sql = _listed_sql(
        Event,
        get_language(),
        connection.vendor,
        '{t}."start_date" >= %s',
        ("start_date", "end_date", "date_precision"),
        '{t}."start_date", {t}."id"',
    )
    events = []
    for slug, title, title_lang, city, country, start, end, precision in _rows(
        sql, [now(), connection.ops.adapt_datefield_value(today), limit]
    ):
        start, end = as_date(start), as_date(end)
        events.append(
            {
                "url": slug_url("events:detail", slug),
                "title": title,
                "title_lang": title_lang,
                "date_iso": iso_partial(start, precision),
                "date_display": format_span(start, precision, end),
                "place": place(city, country),
            }
        )
    return events


def featured_centers(limit):
    """Up to `limit` published featured initiatives, newest key date first: [{"url", "title", "title_lang",
    "summary", "summary_lang", "kind_label", "place"}]."""
    from sco_portal.centers.models import Center
    from sco_portal.core.translation import place

    # A bare "featured" test, as the partial index that finds the few featured ones is written.
    sql = _listed_sql(
        Center,
        get_language(),
        connection.vendor,
        '{t}."featured"',
        ("summary", "kind"),
        '{t}."key_date" DESC, {title}',
    )
    centers = []
    for slug, title, title_lang, city, country, summary, summary_lang, kind in _rows(sql, [now(), limit]):
        centers.append(
            {
                "url": slug_url("centers:detail", slug),
                "title": title,
                "title_lang": title_lang,
                "summary": summary,
                "summary_lang": summary_lang,
                "kind_label": choice_label(Center, "kind", kind),
                "place": place(city, country),
            }
        )
    return centers


# --- Lists: their items' topics, their cards, the filter form's options -----------------------------


@functools.lru_cache(maxsize=64)
def _topics_of_sql(sections, language, vendor):
    from sco_portal.taxonomy.models import Topic

    topic = Topic._meta.db_table
    name, name_lang = text(topic, "name", language), text_language(topic, "name", language)
    parts = []
    for section, model in sections:
        link, owner, tag = _link(model, "topics")
        parts.append(
            f"SELECT '{section}', {_col(link, owner)}, {name}, {name_lang}, {_col(topic, 'slug')} "
            f"FROM {_q(link)} INNER JOIN {_q(topic)} ON {_col(link, tag)} = {_col(topic, 'id')} "
            f"WHERE {_col(link, owner)} IN ({IDS})"
        )
    return " UNION ALL ".join(parts) + " ORDER BY 3, 5"


def topics_of(ids_by_section, models):
    """{(section, pk): [{"name", "slug", "name_lang"}, ...]} for {section: [pk, ...]}, in one query, the
    names in the reader's language and sorted by them; `models` gives each section's model."""
    found = {}
    sections = tuple((section, models[section]) for section, ids in ids_by_section.items() if ids)
    if not sections:
        return found
    sql, params = _with_ids(
        _topics_of_sql(sections, get_language(), connection.vendor),
        *(list(ids_by_section[section]) for section, _model in sections),
    )
    for section, owner, name, name_lang, slug in _rows(sql, params):
        found.setdefault((section, owner), []).append({"name": name, "slug": slug, "name_lang": name_lang})
    return found


@functools.lru_cache(maxsize=16)
def _names_sql(model, language, vendor):
    table = model._meta.db_table
    return f"SELECT {_col(table, 'slug')}, {text(table, 'name', language)} FROM {_q(table)} ORDER BY 2, 1"


def names(model):
    """Every topic or country (`model`) as (slug, name in the reader's language), by name."""
    return _rows(_names_sql(model, get_language(), connection.vendor), [])


def _columns(model, table):
    """The SQL of `model`'s concrete columns in `table` (its table, or an alias), their attribute names
    and the converters Django applies to them (index, column, converters)."""
    fields = model._meta.concrete_fields
    converters = []
    for index, f in enumerate(fields):
        column = f.get_col(table)
        found = [*connection.ops.get_db_converters(column), *f.get_db_converters(connection)]
        if found:
            converters.append((index, column, found))
    return [_col(table, f.column) for f in fields], [f.attname for f in fields], converters


def _instance(model, names, converters, values):
    """A `model` instance from its columns' values, converted as the ORM converts them."""
    values = list(values)
    for index, column, found in converters:
        for convert in found:
            values[index] = convert(values[index], column, connection)
    return model.from_db(connection.alias, names, values)


@functools.lru_cache(maxsize=32)
def _by_slug(model, vendor, published=False, related=()):
    """The SQL of by_slug() and published_by_slug(), and how to make instances of its columns: for the model,
    then for each foreign key in `related` (a LEFT OUTER JOIN, as the ORM's select_related() writes)."""
    table = model._meta.db_table
    columns, names, converters = _columns(model, table)
    parts, joins = [(model, len(columns), names, converters)], []
    for name in related:
        field = model._meta.get_field(name)
        other = field.related_model
        alias = f"related_{name}"
        other_columns, other_names, other_converters = _columns(other, alias)
        joins.append(
            f"LEFT OUTER JOIN {_q(other._meta.db_table)} {_q(alias)} "
            f"ON ({_col(table, field.column)} = {_col(alias, other._meta.pk.column)})"
        )
        parts.append((other, len(other_columns), other_names, other_converters))
        columns += other_columns
    where = f"{_col(table, 'slug')} = %s" + (f" AND {visible(table)}" if published else "")
    return f"SELECT {', '.join(columns)} FROM {_q(table)} {' '.join(joins)} WHERE {where}", tuple(parts)


def by_slug(model, slug):
    """The `model` instance (a topic, a country) whose slug is `slug`, or None: what
    `model.objects.get(slug=slug)` loads, every column converted as the ORM converts it."""
    sql, ((_model, _count, names, converters),) = _by_slug(model, connection.vendor)
    rows = _rows(sql, [slug])
    return _instance(model, names, converters, rows[0]) if rows else None


def published_by_slug(model, slug, related=()):
    """The published item of `model` whose slug is `slug`, or None: what
    `model.objects.published().select_related(*related).get(slug=slug)` loads, the related instances (or
    None) cached on it as select_related() caches them. For an item's page: an eighth of the ORM's time."""
    sql, parts = _by_slug(model, connection.vendor, True, tuple(related))
    rows = _rows(sql, [slug, now()])
    if not rows:
        return None
    row, start, made = rows[0], 0, []
    for part_model, count, names, converters in parts:
        values = row[start : start + count]
        start += count
        pk_index = names.index(part_model._meta.pk.attname)
        made.append(None if values[pk_index] is None else _instance(part_model, names, converters, values))
    item = made[0]
    for name, other in zip(related, made[1:], strict=True):
        model._meta.get_field(name).set_cached_value(item, other)
    return item


@functools.lru_cache(maxsize=32)
def _cards_sql(model, date, end, precision, language, vendor):
    table = model._meta.db_table
    columns = [
        _col(table, "id"),
        _col(table, "slug"),
        text(table, "title", language),
        text_language(table, "title", language),
        text(table, "summary", language),
        text_language(table, "summary", language),
        _col(table, "kind"),
        _col(table, date),
        _col(table, end) if end else "NULL",
        _col(table, precision),
    ]
    joined = ""
    if _has_country(model):
        country_name, joined = _country_name(table, language)
        columns += [text(table, "city", language), country_name]
    else:
        columns += ["''", "''"]
    return f"SELECT {', '.join(columns)} FROM {_q(table)} {joined} WHERE {_col(table, 'id')} IN ({IDS})"


CARD_FIELDS = (
    "pk", "slug", "title", "title_lang", "summary", "summary_lang", "kind", "date", "end", "precision", "city",
    "country_name",
)  # fmt: skip


def cards(model, ids, date, end, precision):
    """What a list's card shows of each `model` item in `ids`, in that order: tuples of CARD_FIELDS, the
    texts in the reader's language, `date`, `end` (or None) and `precision` the model's date columns, the
    city and country name empty where there are none."""
    if not ids:
        return []
    sql = _cards_sql(model, date, end, precision, get_language(), connection.vendor)
    found = {row[0]: row for row in _rows(*_with_ids(sql, list(ids)))}
    return [(*row[:7], as_date(row[7]), as_date(row[8]), *row[9:]) for row in (found.get(pk) for pk in ids) if row]


# --- The timeline -----------------------------------------------------------------------------------

TIMELINE_FILTERS = ("topic", "country", "kind", "year")


@functools.lru_cache(maxsize=256)
def _timeline_sql(streams, used, language, vendor):
    """The merged stream of `streams` (timeline.stream_fields), newest first, with the filters named in
    `used`: each stream's newest `limit` rows from its date index, then merged, as timeline.section_parts."""
    parts = []
    for section, model, milestone, date, precision, end in streams:
        table = model._meta.db_table
        where = [visible(table), f"{_col(table, date)} IS NOT NULL", *_filter_tests(model, used, date)]
        newest = (
            f"SELECT {_col(table, 'id')} FROM {_q(table)} WHERE {' AND '.join(where)} "
            f"ORDER BY {_col(table, date)} DESC, {_col(table, 'id')} DESC LIMIT %s"
        )
        placed = section != "statement"
        country_name, joined = _country_name(table, language) if placed else ("''", "")
        columns = [
            f"{_col(table, 'id')} AS {_q('pk')}",
            f"'{section}' AS {_q('section')}",
            f"'{milestone}' AS {_q('milestone')}",
            text(table, "title", language),
            _col(table, "slug"),
            _col(table, "kind"),
            f"{_col(table, date)} AS {_q('date')}",
            _col(table, precision),
            (_col(table, end) if end else "CAST(NULL AS date)") + f" AS {_q('end_on')}",  # a bare CAST is named "date"
            text(table, "city", language) if placed else "''",
            country_name,
            text_language(table, "title", language),
        ]
        parts.append(f"SELECT {', '.join(columns)} FROM {_q(table)} {joined} WHERE {_col(table, 'id')} IN ({newest})")
    return (
        " UNION ALL ".join(parts) + f" ORDER BY {_q('date')} DESC, {_q('section')}, {_q('pk')} DESC LIMIT %s OFFSET %s"
    )


def timeline_rows(streams, filters, limit, count, offset):
    """Rows `offset` to `offset + count` of the merged stream of `streams` (timeline.stream_fields), each
    stream read only to its `limit` newest, filtered by topic, country, kind and year (`filters`, cleaned
    by core.filters.TimelineFilterSet), as tuples in the order of timeline.COLUMNS."""
    if not streams:
        return []
    used = tuple(name for name in TIMELINE_FILTERS if filters.get(name))
    moment, params = now(), []
    for _stream in streams:
        params += [moment, *_filter_params(filters, used), limit]
    sql = _timeline_sql(streams, used, get_language(), connection.vendor)
    return [
        (*row[:6], as_date(row[6]), row[7], as_date(row[8]), *row[9:]) for row in _rows(sql, params + [count, offset])
    ]


# --- A section list's page --------------------------------------------------------------------------

LIST_FILTERS = ("topic", "country", "kind", "year")


@functools.lru_cache(maxsize=256)
def _list_keys_sql(model, year_field, used, language, vendor):
    table = model._meta.db_table
    where = [visible(table), *_filter_tests(model, used, year_field)]
    return (
        f"SELECT {_col(table, 'id')} FROM {_q(table)} WHERE {' AND '.join(where)} "
        f"ORDER BY {_order(model, language, fallback=False)} LIMIT %s OFFSET %s"
    )


def list_keys(model, year_field, filters, count, offset):
    """Keys `offset` to `offset + count` of the published `model` items, in the model's ordering, filtered by
    topic, country, kind and `year_field`'s year (`filters`, cleaned by the section's FilterSet; nothing else
    may be in use): what the FilterSet's queryset gives, without building it."""
    used = tuple(name for name in LIST_FILTERS if filters.get(name))
    params = [now(), *_filter_params(filters, used)]
    sql = _list_keys_sql(model, year_field, used, get_language(), connection.vendor)
    return [pk for (pk,) in _rows(sql, params + [count, offset])]


# --- Search -----------------------------------------------------------------------------------------


def _contains(model, field, word, language, params):
    """SQL for "`field` contains `word`" in the reader's language or in English, as core.translation.contains
    writes it through the ORM (the same operators, casts and escaping); appends its parameters."""
    from sco_portal.core.translation import substring_lookup

    lookup, value = substring_lookup(word)
    if lookup == "icontains":
        value = f"%{connection.ops.prep_for_like_query(value)}%"
    table, internal = model._meta.db_table, model._meta.get_field(field).get_internal_type()
    tests = []
    for lang in reading_order(language):
        column = connection.ops.lookup_cast(lookup, internal) % _col(table, build_localized_fieldname(field, lang))
        tests.append(f"{column} {connection.operators[lookup]}")
        params.append(value)
    return f"({' OR '.join(tests)})"


def _rank(model, words, language, params):
    """SQL for an item's rank for `words` (core.search.rank_expression), with its parameters appended."""
    from sco_portal.core.search import WEIGHTS

    ranks = [
        f"CASE WHEN {_contains(model, field, word, language, params)} THEN {weight} ELSE 0 END"
        for word in words
        for field, weight in WEIGHTS
    ]
    return " + ".join(ranks) or "0"


# How many of a section's newest items are looked at for its best `limit` before every match is ranked: this
# many times `limit`, and at least SEARCH_WINDOW_LEAST.
SEARCH_WINDOW = 10
SEARCH_WINDOW_LEAST = 200


def newest_best(streams, words, limit, language, moment, matches=None):
    """{section: keys} of the sections whose best `limit` matches for `words` are found among their newest
    items, without ranking every match.

    No item ranks above one with every word in its title, its summary and its body (the highest rank there
    is), and among those the newer comes first. So when a section's newest SEARCH_WINDOW x `limit` items hold
    at least `limit` such items, the first `limit` of them are exactly its best. A common word is found there
    at once, however many items it is in; a rarer one leaves its section out of the answer, to be ranked in
    full. SQLite only: its plan reads the newest items from the section's ordering index and stops at
    `limit`; the unary `+` keeps it from the visibility index. Not for a word in a cased script other than
    Latin (Cyrillic), which SQLite matches with Python's `re` row by row: a window of those costs more than
    ranking the few items such a word is usually in. Nor when `matches`, the number of items with every
    word (the search's count, kept), is no more than the windows would read: ranking them all costs no more."""
    from sco_portal.core.search import WEIGHTS
    from sco_portal.core.translation import substring_lookup

    if connection.vendor != "sqlite" or not words or any(substring_lookup(word)[0] != "icontains" for word in words):
        return {}
    window = max(SEARCH_WINDOW_LEAST, SEARCH_WINDOW * limit)
    if matches is not None and matches <= window * len(streams):
        return {}
    parts, params = [], []
    for section, model, date, _precision, _end in streams:
        table = model._meta.db_table
        # The highest rank, written as "every word in every field" so that a miss stops at the first field.
        highest = " AND ".join(
            _contains(model, field, word, language, params) for word in words for field, _weight in WEIGHTS
        )
        params += [moment, window, limit]
        newest = (
            f"SELECT {_col(table, 'id')} AS {_q('id')}, {highest} AS {_q('highest')} FROM {_q(table)} "
            f"WHERE +{_col(table, 'status')} = '{PublicationStatus.PUBLISHED}' AND +{_col(table, 'publish_at')} <= %s "
            f"ORDER BY {_col(table, date)} DESC NULLS LAST, {_col(table, 'id')} DESC LIMIT %s"
        )
        # The newest come out of the window in its order, so the first `limit` of the best are the newest.
        parts.append(f"SELECT * FROM (SELECT '{section}', {_q('id')} FROM ({newest}) WHERE {_q('highest')} LIMIT %s)")
    found = {}
    for section, pk in _rows(" UNION ALL ".join(parts), params):
        found.setdefault(section, []).append(pk)
    return {section: keys for section, keys in found.items() if len(keys) == limit}


def search_rows(streams, words, limit, count, offset, matches=None):
    """Rows `offset` to `offset + count` of the published items of `streams` (timeline.dated_sections) that
    contain every word, best first, each section read only to its `limit` best: tuples of (pk, section,
    title, slug, kind, date, precision, summary, rank, title_lang, summary_lang), as core.search.search
    gives them through the ORM; `matches`, the number of items with every word where it is known, as
    newest_best() takes it."""
    from sco_portal.core.search_index import SEARCHED_FIELDS, words_match

    language, moment = get_language(), now()
    known = newest_best(streams, words, limit, language, moment, matches)
    parts, params = [], []
    for section, model, date, precision, _end in streams:
        table = model._meta.db_table
        rank = _rank(model, words, language, params)  # the parameters in the order of the SQL: the rank's first
        if section in known:
            where = [f"{_col(table, 'id')} IN ({', '.join(['%s'] * limit)})"]
            params += known[section]
        else:
            where = [visible(table)]
            params.append(moment)
            columns = [build_localized_fieldname(f, lang) for lang in reading_order(language) for f in SEARCHED_FIELDS]
            for word in words:
                indexed = words_match(model, word, columns)
                if indexed is not None:
                    where.append(f"{_col(table, 'id')} IN ({indexed.sql})")
                    params += indexed.params
                else:
                    found = [_contains(model, field, word, language, params) for field in SEARCHED_FIELDS]
                    where.append(f"({' OR '.join(found)})")
        params.append(limit)
        best = (
            f"SELECT {_col(table, 'id')} AS {_q('best_id')}, {rank} AS {_q('best_rank')} "
            f"FROM {_q(table)} WHERE {' AND '.join(where)} "
            f"ORDER BY {_q('best_rank')} DESC, {_col(table, date)} DESC NULLS LAST, {_col(table, 'id')} DESC LIMIT %s"
        )
        columns = [
            f"{_col(table, 'id')} AS {_q('pk')}",
            f"'{section}' AS {_q('section')}",
            text(table, "title", language),
            _col(table, "slug"),
            _col(table, "kind"),
            f"{_col(table, date)} AS {_q('date')}",
            _col(table, precision),
            text(table, "summary", language),
            f"{_q('best')}.{_q('best_rank')} AS {_q('rank')}",
            text_language(table, "title", language),
            text_language(table, "summary", language),
        ]
        parts.append(
            f"SELECT {', '.join(columns)} FROM {_q(table)} INNER JOIN ({best}) AS {_q('best')} "
            f"ON {_col(table, 'id')} = {_q('best')}.{_q('best_id')}"
        )
    order = f"{_q('rank')} DESC, {_q('date')} DESC NULLS LAST, {_q('section')}, {_q('pk')} DESC"
    sql = " UNION ALL ".join(parts) + f" ORDER BY {order} LIMIT %s OFFSET %s"
    rows = _rows(sql, params + [count, offset])
    return [(*row[:5], as_date(row[5]), *row[6:]) for row in rows]


# --- Feeds ------------------------------------------------------------------------------------------

FEED_FIELDS = (
    "pk", "slug", "title", "title_lang", "summary", "body_html", "body_lang", "kind", "publish_at",
    "public_updated_at", "country_name",
)  # fmt: skip


@functools.lru_cache(maxsize=32)
def _feed_sql(model, texts, columns, language, vendor):
    table = model._meta.db_table
    selected = [
        _col(table, "id"),
        _col(table, "slug"),
        text(table, "title", language),
        text_language(table, "title", language),
        text(table, "summary", language),
        text(table, "body_html", language),
        text_language(table, "body", language),
        _col(table, "kind"),
        _col(table, "publish_at"),
        _col(table, "public_updated_at"),
    ]
    joined = ""
    if _has_country(model):
        country_name, joined = _country_name(table, language)
        selected.append(country_name)
    else:
        selected.append("''")
    selected += [text(table, name, language) for name in texts] + [_col(table, name) for name in columns]
    return f"SELECT {', '.join(selected)} FROM {_q(table)} {joined} WHERE {_col(table, 'id')} IN ({IDS})"


def feed_rows(model, ids, texts=(), columns=()):
    """What a feed shows of each `model` item in `ids`, in no particular order: dicts of FEED_FIELDS (the
    texts in the reader's language, English where a translation is missing; the body's HTML as saved;
    `body_lang` the language of the body; the country's name empty where there is none), plus `texts`, more
    text fields in the reader's language, and `columns`, plain columns (dates as dates)."""
    if not ids:
        return []
    sql = _feed_sql(model, tuple(texts), tuple(columns), get_language(), connection.vendor)
    dates = [name for name in columns if model._meta.get_field(name).get_internal_type() == "DateField"]
    found = []
    for row in _rows(*_with_ids(sql, list(ids))):
        values = dict(zip((*FEED_FIELDS, *texts, *columns), row, strict=True))
        values["publish_at"] = as_datetime(values["publish_at"])
        values["public_updated_at"] = as_datetime(values["public_updated_at"])
        for name in dates:
            values[name] = as_date(values[name])
        found.append(values)
    return found


FEED_FILTERS = ("topic", "country", "kind")


@functools.lru_cache(maxsize=64)
def _newest_sql(sections, used, vendor):
    parts = []
    for section, model in sections:
        table = model._meta.db_table
        where = [visible(table), *_filter_tests(model, used)]
        parts.append(
            f"SELECT * FROM (SELECT '{section}' AS {_q('section')}, {_col(table, 'id')} AS {_q('pk')}, "
            f"{_col(table, 'publish_at')} AS {_q('published')} FROM {_q(table)} WHERE {' AND '.join(where)} "
            f"ORDER BY {_col(table, 'publish_at')} DESC, {_col(table, 'id')} DESC LIMIT %s) AS {_q(section + '_part')}"
        )
    return " UNION ALL ".join(parts) + f" ORDER BY {_q('published')} DESC, {_q('pk')} DESC LIMIT %s"


def newest_keys(sections, filters, limit):
    """{section: [pk, ...]}: the keys of the `limit` most recently published items of `sections` ((section,
    model) pairs) together, each section read from its publication index only to its `limit` newest, filtered
    by topic, country and kind (`filters`, cleaned by a FilterSet; nothing else may be in it)."""
    used = tuple(name for name in FEED_FILTERS if filters.get(name))
    moment, params = now(), []
    for _section in sections:
        params += [moment, *_filter_params(filters, used), limit]
    chosen = {section: [] for section, _model in sections}
    for section, pk, _published in _rows(_newest_sql(tuple(sections), used, connection.vendor), params + [limit]):
        chosen[section].append(pk)
    return chosen
