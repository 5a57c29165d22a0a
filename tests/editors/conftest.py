import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


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
