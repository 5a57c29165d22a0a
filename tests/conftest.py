import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so cached pages never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_content(db):
    from django.core.management import call_command

    call_command("load_content", verbosity=0)
