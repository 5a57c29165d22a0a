import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so cached pages never leak between tests."""
    cache.clear()
    yield
    cache.clear()


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
