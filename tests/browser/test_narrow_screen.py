"""At 375 px wide (a small phone) no public page scrolls sideways."""

import pytest

from tests.browser.pages import PAGES, expected_status

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}

# The elements that reach past the right edge, to say what to fix when the page is too wide.
WIDE_ELEMENTS = """() => {
  const limit = document.documentElement.clientWidth + 0.5;
  const right = el => el.getBoundingClientRect().right;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  return [...document.querySelectorAll('body *')]
    .filter(el => right(el) > limit && (!el.parentElement || right(el.parentElement) <= limit))
    .map(el => `${name(el)} reaches ${Math.round(right(el))}px`)
    .slice(0, 10);
}"""


@pytest.mark.parametrize("name", PAGES)
def test_page_does_not_scroll_sideways_at_375px(site, new_page, name):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    url = PAGES[name]()
    response = page.goto(url)
    assert response.status == expected_status(name), url
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    # The viewport really is a phone's, so the comparison below means something.
    assert widths["client"] <= PHONE["width"], widths
    assert widths["scroll"] <= widths["client"], f"{url} is {widths['scroll']}px wide: {page.evaluate(WIDE_ELEMENTS)}"
