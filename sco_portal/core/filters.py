"""The filters every list, the timeline and the section feeds share: topic, country, kind, year, q."""

import copy
import re
import threading

import django_filters
import snowballstemmer
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sco_portal.core import reads
from sco_portal.core.markup import escape_text as _escape
from sco_portal.taxonomy.models import Country, Topic

MAX_QUERY_LENGTH = 200
FIRST_YEAR = 1996  # the Shanghai Five, the SCO's forerunner


class ChoicesMadeOnce(BaseChoiceIterator):
    """A filter's choices made by `make_choices()` once for each value of `key()` and kept: every form
    shares them (a deep copy of a form's field gives back the same object), and Django's fields and
    widgets take them as they are, where a callable's choices would be made and normalized again by
    every form for every option. Called, it gives the list."""

    def __init__(self, make_choices, key):
        self.make_choices, self.key, self.made = make_choices, key, {}

    def __call__(self):
        key = self.key()
        if key not in self.made:
            self.made[key] = self.make_choices()
        return self.made[key]

    def __iter__(self):
        return iter(self())

    def __deepcopy__(self, memo):
        return self


def in_reader_language(make_choices):
    """Choices for a filter: `make_choices()`, its labels (and its groups' names) translated into the active
    language, once per language. Lazy labels given as they are would be deep-copied with every FilterSet and
    form, and translated again each time they are shown."""

    def translated():
        return [
            (str(value), [(v, str(label)) for v, label in label_or_group])
            if isinstance(label_or_group, list | tuple)
            else (value, str(label_or_group))
            for value, label_or_group in make_choices()
        ]

    return ChoicesMadeOnce(translated, get_language)


def _years():
    return [(str(y), str(y)) for y in range(timezone.localdate().year + 2, FIRST_YEAR - 1, -1)]


# This year, two ahead (events announced early) and every year back to the first.
year_choices = ChoicesMadeOnce(_years, lambda: timezone.localdate().year)


def tagged(queryset, field_name, value):
    """Items tagged with `value` through the many-to-many field `field_name` (topics, countries).

    Written as EXISTS rather than a join, so that a list in date order walks its date index and
    stops after a page, instead of gathering and sorting every item that carries the tag.
    """
    field = queryset.model._meta.get_field(field_name)
    links = field.remote_field.through.objects.filter(
        **{field.m2m_field_name(): OuterRef("pk"), field.m2m_reverse_field_name(): value}
    )
    return queryset.filter(Exists(links))


def _attrs(attrs):
    return "".join(
        f" {_escape(name)}" + ("" if value is True else f'="{_escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class PlainSearchInput(forms.TextInput):
    """A search box written in Python, with exactly the markup of Django's input template."""

    input_type = "search"

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{_escape(value)}"'
        attrs = _attrs(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<input type="{self.input_type}" name="{_escape(name)}"{shown}{attrs}>')


_OPTIONS = {}
_MOST_OPTIONS = 4096


def _option(value, label):
    """An option's markup before and after where " selected" goes, for its value and label as text:
    escaped once and kept, as every form shows the same hundred options (kept by their text alone,
    so a renamed topic is simply another key; forgotten wholesale when there are too many)."""
    key = (value, label)
    found = _OPTIONS.get(key)
    if found is None:
        if len(_OPTIONS) >= _MOST_OPTIONS:
            _OPTIONS.clear()
        found = _OPTIONS[key] = (f'\n  <option value="{_escape(value)}"', f">{_escape(label)}</option>\n")
    return found


class PlainSelect(forms.Select):
    """Django's Select with its markup written in Python: the same HTML its templates give, at a fraction of
    the cost, since a filter form has a hundred options and each would otherwise be a template of its own."""

    def render(self, name, value, attrs=None, renderer=None):
        # What Select.get_context() and optgroups() work out, without a dictionary for every option.
        chosen = self.format_value(value)
        parts = [f'<select name="{_escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for option_value, option_label in self.choices:
            group_name = None
            choices = [(option_value, option_label)]
            if isinstance(option_label, (list, tuple)):
                group_name, choices = option_value, option_label
                parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
            for subvalue, sublabel in choices:
                subvalue = "" if subvalue is None else str(subvalue)
                selected = not has_selected and subvalue in chosen
                has_selected |= selected
                start, end = _option(subvalue, str(sublabel))
                parts.append(f"{start} selected{end}" if selected else f"{start}{end}")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every piece above is escaped


class NameChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """Every topic or country as an option (slug, name in the reader's language, English where it has no
    translation), sorted by the name shown: plain values from SQL written out (core/reads.py), not a model
    instance for each. The options are the whole table, and so is what TagChoiceField accepts: a TagFilter's
    queryset names the model."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from reads.names(self.queryset.model)


class TagChoiceField(django_filters.fields.ModelChoiceField):
    """A topic or country chosen by its slug (`to_field_name`), read by reads.by_slug() rather than built as
    a query: the same instance, or the same error, as the ORM lookup of ModelChoiceField.to_python."""

    iterator = NameChoiceIterator

    def __deepcopy__(self, memo):
        """ModelChoiceField's copy for each form, sharing the queryset where it copies it twice over (copying a
        modeltranslation queryset is the dearest part of making a form). Nothing evaluates it, so nothing is
        kept in it: the options come from reads.names() and a value from reads.by_slug(); it names the model,
        and ModelChoiceField.to_python's lookup, for what by_slug() leaves to it, filters a copy."""
        result = super(forms.ChoiceField, self).__deepcopy__(memo)  # Field's: the widget, messages, validators
        result._queryset = self._queryset
        result.widget.choices = result.choices  # a choice iterator of the copy's own, as Django's gives it
        return result

    def to_python(self, value):
        plain = isinstance(value, str) and value not in self.empty_values and self.to_field_name == "slug"
        if not plain or (self.null_label is not None and value == self.null_value):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        found = reads.by_slug(self.queryset.model, value)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found


class TagFilter(django_filters.ModelChoiceFilter):
    """Items tagged with one topic or country, chosen by its slug."""

    field_class = TagChoiceField


def search_words(query):
    """Split a query into at most eight distinct words, so a pasted paragraph can't build a huge query.

    A Russian word is searched by its stem (the Snowball stemmer), so "наука" also finds "науки" and
    "наукой". A stem is always the start of its word, so it finds everything the word itself did, and
    a word is kept whole where the stem would be shorter than three letters.
    """
    words = []
    for word in (query or "").split():
        word = russian_stem(word)
        if word.lower() not in (w.lower() for w in words):
            words.append(word)
    return words[:8]


RUSSIAN_WORD = re.compile(r"^[а-яё]+$")
MIN_STEM = 3


_stemmers = threading.local()  # a Snowball stemmer keeps the word it works on: one per thread


def russian_stem(word):
    lowered = word.lower()
    if not RUSSIAN_WORD.match(lowered):
        return word
    if not hasattr(_stemmers, "russian"):
        _stemmers.russian = snowballstemmer.stemmer("russian")
    stem = _stemmers.russian.stemWord(lowered)
    return stem if len(stem) >= MIN_STEM and lowered.startswith(stem) else word


class OneLineField(forms.CharField):
    """A search box's words on one line: line breaks, tabs and runs of spaces read as one space, as the
    box itself could not hold them, so no title, feed or calendar name that quotes the words breaks."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class WordsFilter(django_filters.CharFilter):
    field_class = OneLineField


def _copied(filter_):
    """`filter_` for one FilterSet: what copy.deepcopy gives, without copying its queryset, widget and
    choices, which no FilterSet changes (it sets the copy's `model` and `parent`)."""
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.method = filter_.method  # a FilterMethod that calls the copy's parent, not the original's
    return copied


class FilterCopies(dict):
    """A FilterSet class's filters, which every FilterSet copies for itself (copy.deepcopy in django-filter's
    FilterSet.__init__): copied by _copied(), at a tenth of a deep copy's cost."""

    def __deepcopy__(self, memo):
        return {name: _copied(filter_) for name, filter_ in self.items()}


class ContentFilterSet(django_filters.FilterSet):
    """Base for one section's filters; subclasses say which date field `year` looks at."""

    year_field = None

    q = WordsFilter(
        label=_("Words"),
        method="filter_words",
        max_length=MAX_QUERY_LENGTH,
        widget=PlainSearchInput,
    )
    topic = TagFilter(
        label=_("Topic"),
        field_name="topics",
        method="filter_tagged",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label=_("All topics"),
        distinct=False,
    )
    country = TagFilter(
        label=_("Country"),
        field_name="countries",
        method="filter_tagged",
        to_field_name="slug",
        queryset=Country.objects.all(),
        empty_label=_("All countries"),
        distinct=False,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", choices=year_choices, empty_label=_("Any year")
    )

    @classmethod
    def get_filters(cls):
        return FilterCopies(super().get_filters())

    def get_form_class(self):
        """The form class, made once per FilterSet class, since its fields depend on the class alone (labels
        and choices are translated when they are shown) and every form deep-copies them for itself."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            for field in form_class.base_fields.values():
                if type(field.widget) is forms.Select:
                    field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            type(self)._form_class = form_class
        return form_class

    def filter_tagged(self, queryset, name, value):
        return tagged(queryset, name, value)

    def filter_words(self, queryset, name, value):
        return queryset.search(search_words(value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.year_field}__year": int(value)})

    def active_filters(self):
        """(name, label, shown value) for each filter in use, in the form's order."""
        if not self.is_bound or not self.is_valid():
            return []
        active = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if name == "kind":
                value = self.kind_label(value)
            active.append((name, field.label, str(value)))
        return active

    def kind_label(self, value):
        choices = {}
        for key, label in self.form.fields["kind"].choices:
            if isinstance(label, (list, tuple)):
                choices.update(label)
            else:
                choices[key] = label
        return choices.get(value, value)

    def describe(self):
        """In words, what the filters select, e.g. "on Artificial intelligence in Kazakhstan, 2025"."""
        parts = []
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("kind"):
            parts.append(str(self.kind_label(data["kind"])))
        if data.get("topic"):
            parts.append(_("on %(topic)s") % {"topic": data["topic"]})
        if data.get("country"):
            parts.append(_("in %(country)s") % {"country": data["country"]})
        if data.get("year"):
            parts.append(_("in %(year)s") % {"year": data["year"]})
        if data.get("q"):
            parts.append(_("matching “%(q)s”") % {"q": data["q"]})
        return " ".join(str(p) for p in parts)


def all_kind_choices():
    from sco_portal.centers.models import CenterKind
    from sco_portal.events.models import EventKind
    from sco_portal.statements.models import StatementKind

    return [
        (_("Events"), EventKind.choices),
        (_("Initiatives"), CenterKind.choices),
        (_("Statements"), StatementKind.choices),
    ]


class TimelineFilterSet(ContentFilterSet):
    """The lists' filters for the mixed stream; `kind` takes any section's kinds. Used for validation only."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=in_reader_language(all_kind_choices), empty_label=_("All kinds")
    )

    class Meta:
        fields = ["q", "topic", "country", "kind", "year"]
