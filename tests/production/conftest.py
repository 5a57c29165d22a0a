import shutil

import pytest

from tests.production import live


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production (the rest of the suite tests views without it)."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 600


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """collectstatic with the production storage: hashed names, gzip and brotli copies, the manifest."""
    root = tmp_path_factory.mktemp("static")
    live.manage(live.production_env(DJANGO_STATIC_ROOT=root), "collectstatic", "--noinput")
    return root


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory):
    """A SQLite file with every migration and the demo content; copy it, never write to it."""
    path = tmp_path_factory.mktemp("demo-db") / "demo.sqlite3"
    env = live.production_env(DATABASE_URL=f"sqlite:///{path}")
    live.manage(env, "migrate", "--noinput")
    live.manage(env, "load_content")
    return path


@pytest.fixture
def demo_sqlite_copy(demo_sqlite, tmp_path):
    path = tmp_path / "site.sqlite3"
    shutil.copy(demo_sqlite, path)
    return path
