"""Two editors saving at once on SQLite, the one-machine default: both saves land, neither gets a server error.

Each run is a fresh process with the production settings and a database file of its own, since the
test database is in memory and shared by one connection. The second run turns the settings' transaction
mode back to SQLite's own ("DEFERRED", as the database URL may) to show what the settings prevent.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Editor 0 reads a row in a transaction and writes it a moment later; editor 1 starts reading and writing
# in between, as two people saving in the admin do.
SCRIPT = """
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, note TEXT)")
    cursor.execute("INSERT INTO item VALUES (1, ''), (2, '')")
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
connection.close()

first_has_read = threading.Event()
errors = []

def editor(number):
    try:
        if number == 1:
            first_has_read.wait(5)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT note FROM item WHERE id = %s", [number + 1])
            cursor.fetchone()
            if number == 0:
                first_has_read.set()
                time.sleep(0.3)
            cursor.execute("UPDATE item SET note = %s WHERE id = %s", [f"saved by {number}", number + 1])
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=editor, args=(n,)) for n in (0, 1)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT note FROM item ORDER BY id")
    notes = [row[0] for row in cursor.fetchall()]
print(json.dumps({"journal": journal, "errors": errors, "notes": notes}))
"""


def two_editors(tmp_path, url_options=""):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sco_portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}{url_options}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-" + "k3y-for-the-sqlite-writers-test-only-never-deployed-0123456789",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_editors_saving_at_once_both_succeed(tmp_path):
    result = two_editors(tmp_path)
    assert result["errors"] == []
    assert result["notes"] == ["saved by 0", "saved by 1"]
    assert result["journal"] == "wal"


def test_without_immediate_transactions_one_editor_gets_database_is_locked(tmp_path):
    result = two_editors(tmp_path, "?transaction_mode=DEFERRED")
    assert result["errors"] == ["database is locked"]
    assert result["notes"].count("") == 1
