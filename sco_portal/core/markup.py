"""The portal's one Markdown renderer: python-markdown, then nh3 against an allowlist.

Everything that reaches a page or a feed as HTML from an editor's text goes through
`render_markdown` (on save into `body_html`, and in the admin's live preview); nothing else
turns text into markup.

What editors may write
    Markdown (with the `extra`, `sane_lists` and `smarty` extensions) and these HTML elements:
    ALLOWED_TAGS below, with only the attributes in ALLOWED_ATTRIBUTES ("*" means on any of
    them). `h1` is not among them: the page title is the only `h1`, so `# Heading` becomes a
    section heading (`h2`) like `## Heading`. Images are not shown (they would come from other
    sites, which the Content-Security-Policy forbids): a Markdown image becomes a link to the image
    with its description as the text, so nothing an editor wrote disappears. Footnotes (`[^1]`) keep
    the `id`s their links point to (`fn:1`, `fnref:1`), and no other `id`.

What is removed
    Every other element, with its text kept (so `<marquee>news</marquee>` leaves "news"),
    except `script` and `style`, which go with their contents. Every other attribute: event
    handlers (`on...`), `style`, `class`, `id` (but a footnote's), `target`, `src`... Comments. Any URL in `href` or
    `cite` whose scheme is not http, https or mailto, in any spelling the browser would accept
    (entities, tabs or newlines inside the scheme, upper case, leading control characters) and
    also any URL that only looks harmless because the browser would read it as a relative path
    (`java%3Ascript:...`, `&amp;#106;avascript:...`, a zero-width space before `javascript:`): a
    colon before the first `/`, `?` or `#` must follow one of the allowed schemes.

What is added
    `rel="noopener noreferrer nofollow"` on every link.

Relative links (`/events/`, `#fn:1`) and protocol-relative ones (`//example.org/`) are kept:
the latter mean https on an https page, and links to other sites are allowed like any link.

tests/core/test_xss_corpus.py renders a corpus of known XSS payloads (xss_payloads.txt) and
parses the output to prove that none of the above gets through.
"""

import html
import multiprocessing
import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote

import markdown
import nh3
from django.utils.translation import gettext_lazy
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["extra", "sane_lists", "smarty"]

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": frozenset({"lang", "title"}),
    "a": frozenset({"href"}),
    "li": frozenset({"id"}),  # a footnote's, FOOTNOTE_ID only
    "sup": frozenset({"id"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
}
# Relative links and these schemes only: no javascript:, vbscript: or data: in any spelling.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Attributes holding a URL. nh3 checks the scheme of href (and src) itself, not of cite.
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Removed together with their contents, rather than leaving the script or CSS as text.
REMOVED_WITH_CONTENT = frozenset({"script", "style"})
LINK_REL = "noopener noreferrer nofollow"


def is_allowed_url(url):
    """True if `url` is relative or uses an allowed scheme, however a reader decodes it.

    Checked as written, entity-decoded and percent-decoded, with whitespace and invisible
    characters removed: a colon before the first "/", "?" or "#" must end an allowed scheme.
    """
    for form in (url, html.unescape(url), unquote(url), unquote(html.unescape(url))):
        form = "".join(ch for ch in form if ch.isprintable() and not ch.isspace()).lower()
        head = form
        for delimiter in "/?#":
            head = head.split(delimiter, 1)[0]
        if ":" in head and head.split(":", 1)[0] not in ALLOWED_URL_SCHEMES:
            return False
    return True


# The ids python-markdown's footnotes give the note ("fn:1") and the reference to it ("fnref:1", "fnref2:1").
FOOTNOTE_ID = re.compile(r"fn(ref\d*)?:[\w-]+")


def _filter_attribute(element, attribute, value):
    if attribute in URL_ATTRIBUTES and not is_allowed_url(value):
        return None
    if attribute == "id" and not FOOTNOTE_ID.fullmatch(value):
        return None
    return value


class ImagesAsLinks(Treeprocessor):
    """A Markdown image as a link to it, its description the text (or the address, if it has none)."""

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(parent):
                if child.tag == "img":
                    link = etree.Element("a", {"href": child.get("src", "")})
                    link.text, link.tail = child.get("alt") or child.get("src", ""), child.tail
                    parent[index] = link


class PortalMarkdown(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        md.treeprocessors.register(ImagesAsLinks(md), "images_as_links", 0)


TOP_HEADING = re.compile(r"<(/?)h1\b", re.IGNORECASE)


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def sanitize_html(html_fragment):
    return _cleaner.clean(html_fragment)


class MarkdownTooComplex(ValueError):
    """Text the renderer cannot turn into HTML: nested too deeply, or too slow to format."""


TOO_DEEP = gettext_lazy(
    "This text is nested too deeply to format (lists, quotes or HTML inside one another hundreds of levels "
    "deep). Flatten it and save again."
)
TOO_SLOW = gettext_lazy(
    "This text takes too long to format (for example, thousands of “[” without a matching “]”, or thousands "
    "of headings or rules with no blank line between them). Simplify it and save again."
)
# What an editor saves or previews gets this long to render; real bodies take milliseconds.
EDITOR_RENDER_SECONDS = 5


def render_markdown(text):
    if not text:
        return ""
    try:
        html_fragment = markdown.markdown(text, extensions=[*EXTENSIONS, PortalMarkdown()], output_format="html")
    except RecursionError as error:
        raise MarkdownTooComplex(TOO_DEEP) from error
    # The page's title is its one h1: a heading an editor marked as the top level is a section's.
    return sanitize_html(TOP_HEADING.sub(r"<\1h2", html_fragment))


def _render_into(text, connection):
    try:
        connection.send((True, render_markdown(text)))
    except MarkdownTooComplex:
        connection.send((False, None))
    finally:
        connection.close()


def render_markdown_within(text, seconds=None):
    """`render_markdown` for what an editor is typing: in a child process, given up after `seconds`.

    python-markdown takes time that grows with the square of some inputs (ten thousand unmatched "["
    take about 20 s), and a request cannot be interrupted, so the child is: a slow text is refused
    with MarkdownTooComplex instead of holding one of the server's threads for minutes.
    """
    if not text:
        return ""
    seconds = EDITOR_RENDER_SECONDS if seconds is None else seconds
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render_into, args=(text, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise MarkdownTooComplex(TOO_SLOW)
        try:
            finished, result = receiver.recv()
        except EOFError as error:  # the child died (out of memory, killed)
            raise MarkdownTooComplex(TOO_SLOW) from error
    finally:
        receiver.close()
        child.kill()
        child.join()
    if not finished:
        raise MarkdownTooComplex(TOO_DEEP)
    return result


def escape_text(text):
    """Plain text (or a lazy translation) escaped for HTML, exactly as `{{ text }}` escapes it in a template.

    For the markup written in Python (list rows, filter widgets): Django's `escape()` gives the same
    result, but its lazy-argument wrapper costs more than the escaping over a list's hundreds of calls.
    """
    return html.escape(str(text))
