"""The interface catalogues: complete, translated, compiled, and in step with the code.

CI has no GNU gettext, so these checks read the .po files and the committed .mo files with
Python alone, and find the marked strings with Django's own template lexer (what
makemessages feeds to xgettext) and Python's ast.
"""

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import templatize

ROOT = Path(settings.BASE_DIR)
CATALOGUES = {"ru": 4, "zh_Hans": 1}  # language directory: number of plural forms
FIX = (
    "run `python manage.py makemessages -l ru -l zh_Hans --ignore=.venv --ignore=node_modules "
    "--ignore=tests --ignore='*/migrations/*' --add-location=file`, translate the new entries, then "
    "`python manage.py compilemessages --ignore=.venv` and commit the .po and .mo files (README, Languages)"
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(text):
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text)


def read_po(path):
    """Entries of a .po file: dicts with flags, msgctxt, msgid, msgid_plural, msgstr {index: text}, obsolete."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? "(.*)"$', line):
            key, index, text = match.groups()
            field = (key, int(index or 0))
            if key == "msgstr":
                entry["msgstr"][field[1]] = unquote(text)
            else:
                entry[key] = unquote(text)
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += unquote(line[1:-1])
            else:
                entry[field[0]] += unquote(line[1:-1])
    return entries


def catalogue(language):
    entries = read_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    header = entries[0]
    assert header["msgid"] == "", "the catalogue starts with its header"
    return header, [e for e in entries[1:] if not e["obsolete"]]


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_header_names_language_and_plural_forms(language):
    header, _entries = catalogue(language)
    text = header["msgstr"][0]
    assert "fuzzy" not in header["flags"], "a fuzzy header is skipped by compilers, and with it the charset"
    assert f"Language: {language}\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert f"Plural-Forms: nplurals={CATALOGUES[language]};" in text


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    _header, entries = catalogue(language)
    assert len(entries) > 300
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert not fuzzy, f"fuzzy entries in {language}: {fuzzy}"
    assert not empty, f"untranslated entries in {language}: {empty}"
    wrong_forms = [e["msgid"] for e in entries if e["msgid_plural"] and len(e["msgstr"]) != CATALOGUES[language]]
    assert not wrong_forms, f"entries without {CATALOGUES[language]} plural forms: {wrong_forms}"


@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_keep_every_placeholder(language):
    _header, entries = catalogue(language)
    broken = []
    for e in entries:
        wanted = set(PLACEHOLDER.findall(e["msgid"] + (e["msgid_plural"] or "")))
        for text in e["msgstr"].values():
            if set(PLACEHOLDER.findall(text)) != wanted:
                broken.append((e["msgid"], text))
    assert not broken


@pytest.mark.parametrize("language", CATALOGUES)
def test_compiled_catalogue_matches_its_source(language):
    """The committed .mo holds exactly what the .po says: nobody forgot compilemessages."""
    _header, entries = catalogue(language)
    expected = {}
    for e in entries:
        key = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is None:
            expected[key] = e["msgstr"][0]
        else:
            expected.update({(key, i): text for i, text in e["msgstr"].items()})
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {key: text for key, text in compiled.items() if key != ""}
    assert compiled == expected, f"locale/{language}/LC_MESSAGES/django.mo is stale: {FIX}"


# --- The catalogues hold every string the code marks -------------------------------------------

PYTHON_KEYWORDS = {
    # function: (index of the context argument or None, indexes of the message arguments)
    "_": (None, (0,)),
    "gettext": (None, (0,)),
    "gettext_lazy": (None, (0,)),
    "gettext_noop": (None, (0,)),
    "ngettext": (None, (0, 1)),
    "ngettext_lazy": (None, (0, 1)),
    "pgettext": (0, (1,)),
    "pgettext_lazy": (0, (1,)),
    "npgettext": (0, (1, 2)),
    "npgettext_lazy": (0, (1, 2)),
}


def python_messages(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in PYTHON_KEYWORDS:
            continue
        context, messages = PYTHON_KEYWORDS[name]
        args = node.args
        if not all(
            len(args) > i and isinstance(args[i], ast.Constant) and isinstance(args[i].value, str)
            for i in messages + ((context,) if context is not None else ())
        ):
            continue  # a variable, like gettext(settings.X): nothing to extract
        yield (args[context].value if context is not None else None, args[messages[0]].value)


def template_messages(path):
    """What makemessages extracts from a template: templatize() turns the tags into gettext calls."""
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    # Indentation means nothing here, and the tokenizer would trip over the template's.
    source = "\n".join(line.lstrip() for line in source.splitlines())
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type != tokenize.NL]
    for i, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in PYTHON_KEYWORDS or tokens[i + 1].string != "(":
            continue
        strings = []
        for arg in tokens[i + 2 :]:
            if arg.type == tokenize.STRING:
                strings.append(ast.literal_eval(arg.string))
            elif arg.string != ",":
                break
        context, messages = PYTHON_KEYWORDS[token.string]
        yield (strings[context] if context is not None else None, strings[messages[0]])


def marked_messages():
    found = set()
    for path in (ROOT / "sco_portal").rglob("*.py"):
        if "migrations" not in path.parts:
            found.update(python_messages(path))
    for path in (ROOT / "templates").rglob("*.html"):
        found.update(template_messages(path))
    return found


def test_the_extractor_finds_strings_in_python_and_templates():
    found = marked_messages()
    assert (None, "Skip to main content") in found  # {% translate %} in base.html
    assert (None, "%(n)s result") in found  # {% blocktranslate count %}
    assert ("initiative milestone", "Launched") in found  # pgettext_lazy in a model module
    assert (None, "Please search for at most %(n)d characters.") in found  # gettext in a view


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_marked_string_is_in_the_catalogue(language):
    _header, entries = catalogue(language)
    known = {(e["msgctxt"], e["msgid"]) for e in entries}
    missing = sorted(marked_messages() - known, key=str)
    assert not missing, f"strings marked in the code but missing from the {language} catalogue: {missing}; {FIX}"
