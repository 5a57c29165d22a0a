import pytest
from django.core.management import CommandError, call_command

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement


@pytest.mark.django_db
def test_generate_content_adds_marked_published_items_with_tags(demo_content):
    before = Event.objects.count(), Center.objects.count(), Statement.objects.count()
    call_command("generate_content", events=30, centers=5, statements=7, verbosity=0)
    assert Event.objects.count() == before[0] + 30
    assert Center.objects.count() == before[1] + 5
    assert Statement.objects.count() == before[2] + 7
    synthetic = Event.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 30
    assert all(e.title.startswith("[Synthetic]") for e in synthetic)
    assert synthetic.published().count() == 30
    assert synthetic.filter(topics__isnull=False).distinct().count() == 30
    assert all(e.body_html.startswith("<p>") for e in synthetic)
    # Synthetic initiatives show a date on their own pages like real ones.
    assert all(c.key_date == c.launched_on for c in Center.objects.filter(slug__startswith="synthetic-"))


@pytest.mark.django_db
def test_generate_content_twice_never_collides(demo_content):
    call_command("generate_content", events=3, verbosity=0)
    call_command("generate_content", events=3, verbosity=0)
    assert Event.objects.filter(slug__startswith="synthetic-").count() == 6


@pytest.mark.django_db
def test_generate_content_rejects_negative_counts():
    with pytest.raises(CommandError):
        call_command("generate_content", events=-1, verbosity=0)


@pytest.mark.django_db
def test_generate_content_fills_rows_as_a_save_would(demo_content):
    from sco_portal.core.markup import render_markdown

    call_command("generate_content", events=9, centers=3, statements=6, seed=7, verbosity=0)
    events = Event.objects.filter(slug__startswith="synthetic-")
    for item in [*events, *Statement.objects.filter(slug__startswith="synthetic-")]:
        assert item.body_html == render_markdown(item.body)
        assert item.countries.count() == 2 and item.sources.filter(key="synthetic-data").exists()
    # A third of the events relate to one of the new initiatives.
    assert Event.centers.through.objects.filter(event__in=events).count() == 3
    assert all(e.created_at and e.updated_at and e.revision == 1 for e in events)
