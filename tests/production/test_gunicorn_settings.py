"""gunicorn.conf.py's own code: the worker's start and the logger."""

import gc
import re
import runpy
import subprocess

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from tests.production import live

CONF = runpy.run_path(str(live.ROOT / "gunicorn.conf.py"))


class Untouchable(dict):
    """A response, request or WSGI environment that fails the test if anything reads it."""

    def __getattr__(self, name):
        raise AssertionError(f"the access log read {name!r}")

    def get(self, *args):
        raise AssertionError(f"the access log read {args[0]!r}")

    __getitem__ = get


def configured_logger(logger_class):
    cfg = Config()
    cfg.set("logconfig_dict", CONF["logconfig_dict"])
    return logger_class(cfg)


def test_the_logger_gathers_no_access_line_the_django_middleware_writes_it():
    logger = configured_logger(CONF["logger_class"])
    assert isinstance(logger, Logger) and logger.access_log_enabled  # gunicorn alone would gather the fields
    logger.access(Untouchable(), Untouchable(), Untouchable(), 0.01)
    with pytest.raises(AssertionError, match="the access log read"):  # the fixture catches what gunicorn does
        configured_logger(Logger).access(Untouchable(), Untouchable(), Untouchable(), 0.01)


def test_gunicorn_takes_that_logger_and_the_worker_hook_from_the_file():
    printed = subprocess.run(
        [live.GUNICORN, "--print-config"], cwd=live.ROOT, env=live.production_env(), capture_output=True, text=True
    ).stdout
    assert re.search(r"^logger_class\s*=\s*<RequestLineFromDjango\(\)>$", printed, re.M)
    assert re.search(r"^post_worker_init\s*=\s*<post_worker_init\(\)>$", printed, re.M)


def test_a_worker_freezes_what_is_alive_once_the_application_is_loaded():
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        CONF["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
