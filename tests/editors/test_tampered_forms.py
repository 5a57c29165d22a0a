"""A hand-made admin form (a value no browser would send) gets the form back with an error, never a 500."""

import pytest

from tests.editors.helpers import change_form, errors_in, post_form
from tests.factories import EventFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["x", "99999999999999999999999", "-1", "1.5", "0"])
@pytest.mark.parametrize("field", ["topics", "countries", "centers", "country"])
def test_a_chosen_item_that_is_no_id_is_refused_with_the_form_shown_again(editor_client, field, value):
    energy = TopicFactory(name="Energy")
    event = EventFactory(title="Untouched")
    event.topics.set([energy])
    url = f"/admin/events/event/{event.pk}/change/"
    form = change_form(editor_client, url, "event_form")
    response = post_form(editor_client, url, form, title="Changed", minor_change="on", **{field: [value]})
    assert response.status_code == 200
    assert "errornote" in errors_in(response) or "errorlist" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Untouched" and list(event.topics.all()) == [energy]
