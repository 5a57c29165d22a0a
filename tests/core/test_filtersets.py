"""core/filters.py: each FilterSet has filters of its own, though they are copied shallowly, and its form
class is made once per FilterSet class, yet shows each reader's language."""

import pytest
from django.http import QueryDict
from django.utils import translation

from sco_portal.centers.filters import CenterFilterSet
from sco_portal.core.filters import TimelineFilterSet
from sco_portal.events.filters import EventFilterSet
from sco_portal.events.models import Event
from tests.factories import EventFactory, TopicFactory

pytestmark = pytest.mark.django_db


def filterset(cls, query=None):
    return cls(QueryDict(query) if query is not None else None, queryset=(cls._meta.model or Event).objects.all())


def test_each_filterset_has_its_own_filters_bound_to_it():
    first, second = filterset(EventFilterSet, "q=energy"), filterset(EventFilterSet, "q=space")
    for name in first.filters:
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name] is not EventFilterSet.base_filters[name]
        assert first.filters[name].parent is first and second.filters[name].parent is second
        assert first.filters[name].extra is not EventFilterSet.base_filters[name].extra
    # A filter with a method calls its own FilterSet's, whichever was made last.
    assert first.filters["q"].filter.f is first.filters["q"]
    assert first.filters["topic"].filter.method.__self__ is first
    first.filters["q"].extra["marker"] = True
    assert "marker" not in second.filters["q"].extra and "marker" not in EventFilterSet.base_filters["q"].extra


def test_two_filtersets_filter_by_their_own_values():
    energy, space = TopicFactory(slug="energy"), TopicFactory(slug="space")
    on_energy, on_space = EventFactory(topics=[energy]), EventFactory(topics=[space])
    first, second = filterset(EventFilterSet, "topic=energy"), filterset(EventFilterSet, "topic=space")
    assert list(first.qs) == [on_energy]
    assert list(second.qs) == [on_space]


def test_the_form_class_is_made_once_per_filterset_class_and_each_form_has_its_own_fields():
    first, second = filterset(EventFilterSet), filterset(EventFilterSet, "year=2024")
    assert first.get_form_class() is second.get_form_class()
    assert filterset(CenterFilterSet).get_form_class() is not first.get_form_class()
    assert filterset(TimelineFilterSet).get_form_class() is not first.get_form_class()
    assert list(first.form.fields) == ["q", "topic", "country", "kind", "year"]
    for name in first.form.fields:
        assert first.form.fields[name] is not second.form.fields[name]
    assert second.is_valid() and second.form.cleaned_data["year"] == "2024"
    assert not first.is_bound


def test_a_form_made_in_one_language_is_shown_in_another():
    with translation.override("en"):
        english = str(filterset(EventFilterSet).form["topic"].label)
        assert "All topics" in str(filterset(EventFilterSet).form["topic"])
    with translation.override("ru"):
        form = filterset(EventFilterSet).form
        assert str(form["topic"].label) == "Тема" != english
        assert "All topics" not in str(form["topic"])


def test_a_filter_with_a_bad_value_is_reported_by_its_own_form_only():
    bad, good = filterset(EventFilterSet, "kind=bogus&year=abc"), filterset(EventFilterSet, "kind=forum")
    assert not bad.is_valid() and set(bad.form.errors) == {"kind", "year"}
    assert good.is_valid() and not good.form.errors
    assert Event.objects.count() == 0


SLUGS = ["energy", "kazakhstan", "Energy", "energy ", "nope", "en%", "en_rgy", "ene\x00rgy", "1"]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_topic_or_country_is_read_as_the_orm_reads_it(slug):
    """TagChoiceField reads a slug with reads.by_slug(): the instance the ORM's lookup gives, with every field,
    or the same invalid-choice error."""
    from django.core.exceptions import ValidationError

    from sco_portal.taxonomy.models import Country, Topic
    from tests.factories import CountryFactory

    TopicFactory(slug="energy", name="Energy", name_ru="Энергетика", description="About energy")
    CountryFactory(slug="kazakhstan", name="Kazakhstan", iso_code="KZ")
    form_fields = filterset(EventFilterSet).form.fields
    for name, model in (("topic", Topic), ("country", Country)):
        field = form_fields[name]
        try:
            expected = None if "\x00" in slug else model.objects.get(slug=slug)  # PostgreSQL refuses NUL
        except model.DoesNotExist:
            expected = None
        if expected is None:
            with pytest.raises(ValidationError) as raised:
                field.clean(slug)
            assert raised.value.code in ("invalid_choice", "null_characters_not_allowed")
            continue
        found = field.clean(slug)
        assert type(found) is model and found.pk == expected.pk
        assert {f.attname: getattr(found, f.attname) for f in model._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in model._meta.concrete_fields
        }
        assert not found._state.adding and found._state.db == expected._state.db
    assert form_fields["topic"].clean("") is None


def test_a_forms_topic_and_country_fields_share_a_queryset_nothing_evaluates():
    """TagChoiceField copies share the class's queryset (filters.TagChoiceField.__deepcopy__): each form's field
    has its own choice iterator and widget, and rendering, validating and a wrong slug leave the shared queryset
    unread, so no rows can be kept in it from one request to the next."""
    TopicFactory(slug="energy", name="Energy")
    forms_made = [filterset(EventFilterSet, f"topic={slug}").form for slug in ("energy", "nope", "")]
    base = forms_made[0].base_fields["topic"]
    for form in forms_made:
        form.is_valid()
        str(form["topic"])
        field = form.fields["topic"]
        assert field is not base and field.queryset is base.queryset
        assert field.widget is not base.widget and field.widget.choices.field is field
    assert forms_made[0].cleaned_data["topic"].slug == "energy" and "topic" in forms_made[1].errors
    assert base.queryset._result_cache is None
