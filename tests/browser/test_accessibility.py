"""axe-core, run inside Chromium on every public page template: no WCAG 2.1 A or AA violation."""

import pytest

from tests.browser.pages import PAGES, expected_status

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.extend(f"       {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_21_aa_violations(site, new_page, axe_script, name):
    # axe is injected as an inline script, which the site's Content Security Policy rightly forbids;
    # the policy is for the site's visitors, not for the checker.
    page = new_page(bypass_csp=True)
    url = PAGES[name]()
    response = page.goto(url)
    assert response.status == expected_status(name), url
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    # A page that axe could not look at (nothing checked at all) must not pass as clean.
    assert results["passes"] or results["violations"], f"axe checked nothing on {url}"
    assert results["violations"] == [], f"{url}\n{describe(results['violations'])}"
