"""The Nu HTML Checker (vnu.jar) on the HTML the live server sends for every public page template."""

import json
import subprocess
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from tests.browser.pages import PAGES, expected_status

pytestmark = pytest.mark.browser


def fetch(url):
    """Status, content type and body of a page, whatever its status."""
    try:
        with urlopen(url, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_every_public_page_is_valid_html(site, vnu_command, tmp_path):
    # The bytes the server sends, not a browser's DOM, which its HTML parser has already repaired.
    addresses = {}
    for name, address in PAGES.items():
        url = address()
        status, content_type, body = fetch(site.url + url)
        assert status == expected_status(name), url
        assert content_type.startswith("text/html"), url
        (tmp_path / f"{name}.html").write_bytes(body)
        addresses[f"{name}.html"] = url

    # One JVM for all pages: starting it takes longer than checking them.
    result = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", *sorted(str(tmp_path / f) for f in addresses)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.stdout.strip(), f"vnu gave no report: {result.stderr}"
    messages = json.loads(result.stdout)["messages"]

    def where(message):
        # vnu names each file by a file: URL; a message about no file (e.g. one it cannot read) stays as it is.
        return addresses.get(Path(message.get("url", "")).name, message.get("url", "(no file)"))

    def describe(message):
        extract = (message.get("extract") or "").replace("\n", " ").strip()
        return f"{where(message)} line {message.get('lastLine', '?')}: {message['message']}\n    {extract}"

    # "error" and "non-document-error" fail, and so does a fatal parse error (an "error" with subType
    # "fatal"); warnings are printed, not failed on. Nothing is filtered out.
    errors = [m for m in messages if m["type"] != "info"]
    for message in messages:
        if message["type"] == "info":
            print("vnu", message.get("subType", "info"), describe(message))
    assert errors == [], f"{len(errors)} HTML errors (pages kept in {tmp_path})\n" + "\n".join(map(describe, errors))
    assert result.returncode == 0, result.stderr
