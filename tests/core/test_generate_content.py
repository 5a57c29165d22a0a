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
