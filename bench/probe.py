"""SQL queries, status and body size of each benchmarked page, measured in-process.

Run by bench/run.py with the same environment (database, production settings) as the server:

    python bench/probe.py /events/ /timeline/ ...

prints one JSON object: {url: {"status", "queries", "bytes", "cpu_ms"}}. Each page is requested
once to warm up (templates, translations, the database's own caches), then `--repeat` times
with Django's test client inside CaptureQueriesContext, with nothing cached (neither pages nor
counts), so the count is what a render costs. "cpu_ms" is the least CPU time of the repeats
in this process (SQLite runs in-process, so its work is included): unlike wall-clock time, it
hardly depends on what else the machine is doing.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sco_portal.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    results = {}
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=0, PORTAL_COUNT_CACHE_SECONDS=0):
        client = Client()
        for url in args.urls:
            client.get(url)
            counts, times = [], []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.process_time()
                    response = client.get(url)
                    times.append((time.process_time() - started) * 1000)
                counts.append(len(queries))
            body = b"".join(response) if response.streaming else response.content
            results[url] = {
                "status": response.status_code,
                "queries": max(counts),
                "bytes": len(body),
                "cpu_ms": round(min(times), 1),
            }
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
