import pytest

from sco_portal.core.markup import render_markdown
from tests.factories import EventFactory


def test_markdown_renders_basic_formatting():
    html = render_markdown("Some **bold** text and a [link](https://example.org/).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer nofollow">link</a>' in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "payload, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="background:url(x)">styled</p>', "style="),
        ('<div onclick="steal()">x</div>', "onclick"),
        ("<style>body{display:none}</style>", "<style"),
    ],
)
def test_renderer_strips_dangerous_markup(payload, forbidden):
    assert forbidden.lower() not in render_markdown(payload).lower()


@pytest.mark.django_db
def test_rendered_html_is_stored_on_save():
    event = EventFactory(body="Hello <script>x()</script> *world*")
    event.refresh_from_db()
    assert "<em>world</em>" in event.body_html
    assert "<script" not in event.body_html


def test_a_top_level_heading_becomes_a_section_heading_not_plain_text():
    # The page title is the page's one h1, so "# Background" is a section heading like "## Background".
    html = render_markdown("# Background\n\nText.\n\n## Details\n\n<h1>Typed by hand</h1>")
    assert "<h2>Background</h2>" in html and "<h2>Details</h2>" in html and "<h2>Typed by hand</h2>" in html
    assert "<h1" not in html


def test_footnotes_keep_the_targets_their_links_point_to():
    html = render_markdown("The summit met in Tianjin.[^1]\n\n[^1]: As the declaration says.")
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html
    assert 'href="#fnref:1"' in html and 'id="fnref:1"' in html


@pytest.mark.parametrize("identifier", ["main", "content", "location", "fn:1 x", "fnx:1", "fn:"])
def test_no_other_id_gets_through(identifier):
    html = render_markdown(f'<p id="{identifier}">x</p><li id="{identifier}">y</li><sup id="{identifier}">z</sup>')
    assert "id=" not in html


def test_an_image_becomes_a_link_to_it_rather_than_vanishing():
    html = render_markdown(
        "The map: ![Map of the corridor](https://example.org/map.png) and ![](https://example.org/b.png)"
    )
    assert '<a href="https://example.org/map.png" rel="noopener noreferrer nofollow">Map of the corridor</a>' in html
    assert ">https://example.org/b.png</a>" in html
    assert "<img" not in html
    assert "javascript" not in render_markdown("![x](javascript:alert(1))")
