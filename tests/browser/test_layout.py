"""The home page on a desktop screen: its left column reads from top to bottom without a gap."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/ru/", "/zh-hans/"])
def test_upcoming_events_follow_the_glance_box_on_a_wide_screen(site, new_page, path):
    page = new_page(viewport={"width": 1280, "height": 900})
    assert page.goto(path).status == 200
    glance = page.locator("section.glance").bounding_box()
    upcoming = page.locator("section.upcoming").bounding_box()
    latest = page.locator("section.latest").bounding_box()
    assert upcoming["x"] == glance["x"] and latest["x"] > glance["x"] + glance["width"]  # two columns
    assert 0 <= upcoming["y"] - (glance["y"] + glance["height"]) <= 48, (glance, upcoming)


@pytest.mark.parametrize("width", [320, 375])
def test_the_timeline_charts_year_labels_stay_readable_on_a_phone(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 800}, is_mobile=True)
    assert page.goto("/timeline/").status == 200
    heights = page.evaluate(
        "() => [...document.querySelectorAll('.bar-label')].map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 9, heights  # drawn at 11 units in a 640-unit chart, they were 6 px
