"""On a phone (375 px, and the narrowest in use, 320 px) no public page scrolls sideways, in any language, and
no date breaks across lines."""

import pytest

from tests.browser.pages import PAGES, expected_status

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
# The narrowest phones in use. Russian runs longest (long topic names in tags, long dates), Chinese breaks anywhere.
SMALLEST_PHONE = {"width": 320, "height": 640}
IN_OTHER_LANGUAGES = [
    "/ru/events/",
    "/ru/timeline/",
    "/ru/feeds/",
    "/zh-hans/feeds/",
    "/ru/centers/china-sco-sci-tech-innovation-cooperation-center/",
    "/zh-hans/events/sco-summit-2025-tianjin/",
]

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


def assert_no_sideways_scroll(page, url, viewport):
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    # The viewport really is a phone's, so the comparison below means something.
    assert widths["client"] <= viewport["width"], widths
    assert widths["scroll"] <= widths["client"], f"{url} is {widths['scroll']}px wide: {page.evaluate(WIDE_ELEMENTS)}"


@pytest.mark.parametrize("viewport", [PHONE, SMALLEST_PHONE], ids=["375px", "320px"])
@pytest.mark.parametrize("name", PAGES)
def test_page_does_not_scroll_sideways_on_a_phone(site, new_page, name, viewport):
    page = new_page(viewport=viewport, is_mobile=True, has_touch=True, device_scale_factor=2)
    url = PAGES[name]()
    response = page.goto(url)
    assert response.status == expected_status(name), url
    assert_no_sideways_scroll(page, url, viewport)


@pytest.mark.parametrize("url", IN_OTHER_LANGUAGES)
def test_russian_and_chinese_pages_do_not_scroll_sideways_at_320px_and_keep_dates_whole(site, new_page, url):
    page = new_page(viewport=SMALLEST_PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    assert page.goto(url).status == 200, url
    assert_no_sideways_scroll(page, url, SMALLEST_PHONE)
    # One date on one line ("4 сентября / 2025 г.", "2025年9 / 月4日" read badly); a range may wrap between its dates.
    broken = page.evaluate(
        "() => [...document.querySelectorAll('time:not(.date-range)')]"
        ".filter(t => t.getClientRects().length > 1).map(t => t.textContent)"
    )
    assert broken == [], url
