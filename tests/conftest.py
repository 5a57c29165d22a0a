import importlib

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so cached pages never leak between tests."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _english_to_begin_with():
    """Each test starts in English: a request under /ru/ leaves its language active in the thread, and
    with translated fields an item created afterwards would otherwise get its text in Russian only."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo_content(db):
    from django.core.management import call_command

    call_command("load_content", verbosity=0)


def restore_editors_group():
    """The Editors group as its data migration makes it, run against the migration's own app registry.

    Live-server tests empty every table after each test, so tests that need the group rebuild it. The
    migration's function must not get the global registry: it marks app configs as it goes.
    """
    migration = importlib.import_module("sco_portal.core.migrations.0002_editors_group")
    state = MigrationLoader(connection).project_state(("core", "0002_editors_group"))
    migration.create_editors_group(state.apps, None)
