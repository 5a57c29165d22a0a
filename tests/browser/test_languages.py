"""Content in each language, as a reader meets it in Chromium: search in the language, open the item,
read it in that language (no English fallback, no note), and switch language on the same page."""

import re

import pytest
from playwright.sync_api import expect

from sco_portal.events.models import Event

pytestmark = pytest.mark.browser

# (prefix, a word to search for, the summit's title, words from the start of its body)
LANGUAGES = {
    "en": ("", "Tianjin", "SCO Summit 2025 in Tianjin", "China hosted the Shanghai Cooperation Organization"),
    "ru": ("/ru", "Тяньцзине", "Саммит ШОС 2025 года в Тяньцзине", "Китай принял саммит Шанхайской организации"),
    "zh-hans": ("/zh-hans", "天津峰会", "2025年上合组织天津峰会", "中国在天津主办2025年上海合作组织峰会"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_open_and_switch_language_on_a_translated_item(site, page, language):
    prefix, word, title, body = LANGUAGES[language]
    summit = Event.objects.get(slug="sco-summit-2025-tianjin")

    page.goto(f"{prefix}/")
    page.get_by_role("search").get_by_role("searchbox").fill(word)
    page.get_by_role("search").get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(rf"^.*{re.escape(prefix)}/search/\?q="))
    page.get_by_role("link", name=title, exact=True).first.click()

    expect(page).to_have_url(re.compile(rf"{re.escape(prefix)}/events/{summit.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    prose = page.locator("article .prose")
    # Fully translated: the body in the reader's language, no "not yet translated" note, nothing marked English.
    expect(prose).to_contain_text(body)
    expect(page.get_by_role("note")).to_have_count(0)
    expect(page.locator("main [lang=en]")).to_have_count(0)

    # The switcher leads to the same item in each other language.
    for other, (other_prefix, _word, other_title, _note) in LANGUAGES.items():
        if other == language:
            continue
        tag = {"en": "en", "ru": "ru", "zh-hans": "zh-Hans"}[other]
        page.locator(f'nav.language-switcher a[hreflang="{tag}"]').click()
        expect(page).to_have_url(re.compile(rf"{re.escape(other_prefix)}/events/{summit.slug}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(other_title)
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [375, 1100])
def test_the_search_buttons_label_stays_on_one_line(site, new_page, language, width):
    """Chinese text may break between any two characters; a squeezed button once read 搜 over 索."""
    prefix, word, _title, _body = LANGUAGES[language]
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(f"{prefix}/search/?q={word}")
    button = page.locator("main form.search-form").get_by_role("button")
    # One rectangle per line the label's text is laid out on.
    lines = button.evaluate(
        "b => { const r = document.createRange(); r.selectNodeContents(b); return r.getClientRects().length; }"
    )
    assert lines == 1, f"the label {button.inner_text()!r} takes {lines} lines"
