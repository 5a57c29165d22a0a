"""Changing a slug keeps the old address working with a 301 to the new one."""

import pytest

from sco_portal.core.models import PublicationStatus, SlugRedirect
from tests.editors.helpers import change_form, errors_in, post_form
from tests.factories import CenterFactory, EventFactory, StatementFactory

pytestmark = pytest.mark.django_db


def rename(client, item, slug):
    url = f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/"
    form_id = f"{item._meta.model_name}_form"
    response = post_form(client, url, change_form(client, url, form_id), slug=slug, minor_change="on")
    assert response.status_code == 302, errors_in(response)[:1500]
    item.refresh_from_db()


@pytest.mark.parametrize("factory", [EventFactory, CenterFactory, StatementFactory])
def test_the_old_address_answers_301_to_the_new_one(editor_client, client, factory):
    item = factory(slug="old-name")
    old_url = item.get_absolute_url()
    rename(editor_client, item, "new-name")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_every_former_address_leads_to_the_current_one(editor_client, client):
    event = EventFactory(slug="first")
    rename(editor_client, event, "second")
    rename(editor_client, event, "third")
    for old in ("first", "second"):
        response = client.get(f"/events/{old}/")
        assert response.status_code == 301 and response["Location"] == "/events/third/"


def test_a_new_item_may_take_a_former_address(editor_client, client):
    event = EventFactory(slug="shared")
    rename(editor_client, event, "renamed")
    newcomer = EventFactory(slug="shared", title="The newcomer")
    assert client.get("/events/shared/").status_code == 200
    assert "The newcomer" in client.get("/events/shared/").content.decode()
    assert not SlugRedirect.objects.filter(old_slug="shared").exists()
    assert newcomer.pk != event.pk


def test_moving_back_to_a_former_slug_drops_the_redirect(editor_client, client):
    event = EventFactory(slug="a")
    rename(editor_client, event, "b")
    rename(editor_client, event, "a")
    assert client.get("/events/a/").status_code == 200
    assert client.get("/events/b/").status_code == 301


def test_a_former_address_of_an_unpublished_item_is_404(editor_client, client):
    event = EventFactory(slug="before")
    rename(editor_client, event, "after")
    event.status = PublicationStatus.DRAFT
    event.save()
    assert client.get("/events/before/").status_code == 404
    assert client.get("/ru/events/before/").status_code == 404


def test_redirects_keep_the_language(editor_client, client):
    event = EventFactory(slug="before")
    rename(editor_client, event, "after")
    response = client.get("/ru/events/before/")
    assert response.status_code == 301 and response["Location"] == "/ru/events/after/"
