"""The filter form used with the keyboard alone: every control reachable, visibly focused, and usable."""

import re

import pytest
from playwright.sync_api import expect

from sco_portal.events.models import Event
from tests.browser.pages import COUNTRY, TOPIC

pytestmark = pytest.mark.browser

# What the focused element is and whether a sighted keyboard user can see that it has focus: the
# browser must treat the focus as keyboard focus, and the style must draw something around it.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    id: el.id,
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || '').trim(),
    value: 'value' in el ? el.value : null,
    focusVisible: el.matches(':focus-visible'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    ring: style.boxShadow !== 'none',
    inViewport: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight
      && box.left >= 0 && box.right <= window.innerWidth,
  };
}"""


def focused(page):
    return page.evaluate(FOCUS)


def assert_visibly_focused(page, **expected):
    state = focused(page)
    assert state is not None, "nothing has focus"
    for key, value in expected.items():
        assert state[key] == value, state
    assert state["focusVisible"] and (state["outline"] or state["ring"]), f"focus is not visible: {state}"
    assert state["inViewport"], f"the focused control is off screen: {state}"
    return state


def press_until(page, key, wanted, limit=60):
    """Press `key` until the focused control's value is `wanted`, as a reader steps through a list."""
    for _ in range(limit):
        if focused(page)["value"] == wanted:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {wanted!r}: {focused(page)}")


def test_filter_form_works_with_the_keyboard_alone(site, page):
    event = Event.objects.get(slug="tianjin-tashkent-cargo-train-2025")
    page.goto("/events/")

    # The first Tab shows the skip link; following it puts the next Tab inside the main content.
    page.keyboard.press("Tab")
    assert_visibly_focused(page, tag="a", text="Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_q")
    page.keyboard.type("train")

    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_topic", value="")
    press_until(page, "ArrowDown", TOPIC)

    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_country", value="")
    press_until(page, "ArrowDown", COUNTRY)

    # Back one control and forward again: nothing chosen is lost on the way.
    page.keyboard.press("Shift+Tab")
    assert_visibly_focused(page, id="id_topic", value=TOPIC)
    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_country", value=COUNTRY)

    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_kind", value="")
    press_until(page, "ArrowDown", event.kind)

    # Years are listed newest first; ArrowUp from the bottom of the list works as well as down.
    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_year", value="")
    page.keyboard.press("End")
    press_until(page, "ArrowUp", str(event.start_date.year))

    page.keyboard.press("Tab")
    assert_visibly_focused(page, tag="button", text="Apply filters")
    page.keyboard.press("Space")

    expect(page).to_have_url(re.compile(r"/events/\?"))
    query = dict(part.split("=", 1) for part in page.url.split("?", 1)[1].split("&"))
    assert query == {
        "q": "train",
        "topic": TOPIC,
        "country": COUNTRY,
        "kind": event.kind,
        "year": str(event.start_date.year),
    }
    expect(page.get_by_role("status")).to_contain_text("1 result")
    expect(page.locator(".list-results h3 a")).to_have_text([event.title])

    # Enter in the words field submits too, keeping the other filters.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_q", value="train")
    page.keyboard.press("Control+A")
    page.keyboard.type("cargo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=cargo(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]topic={TOPIC}(&|$)"))
    expect(page.locator(".list-results h3 a")).to_have_text([event.title])

    # Past the button, "Clear all" is the next stop; Enter follows it back to the whole list.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert_visibly_focused(page, id="id_q")
    for _ in range(6):
        page.keyboard.press("Tab")
    assert_visibly_focused(page, tag="a", text="Clear all")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/events/$"))
    expect(page.get_by_role("status")).to_contain_text(f"{Event.objects.published().count()} results")
