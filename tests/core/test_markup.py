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
