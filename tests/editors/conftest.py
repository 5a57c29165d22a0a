import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.conftest import restore_editors_group


@pytest.fixture(autouse=True)
def _editors_group(db):
    """The group comes from a data migration; a live-server test elsewhere flushes the tables, so rebuild it."""
    restore_editors_group()


@pytest.fixture
def editor(db):
    call_command("create_editor", "eda", "--email", "eda@example.org", "--first-name", "Eda", stdout=io.StringIO())
    return get_user_model().objects.get(username="eda")


@pytest.fixture
def other_editor(db):
    call_command("create_editor", "oleg", "--first-name", "Oleg", stdout=io.StringIO())
    return get_user_model().objects.get(username="oleg")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def two_editors(client, editor, other_editor):
    """Eda and Oleg, each signed in with a browser of their own."""
    from django.test import Client

    first, second = client, Client()
    first.force_login(editor)
    second.force_login(other_editor)
    return first, second
