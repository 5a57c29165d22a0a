"""Submit admin forms the way a browser does: every field the page renders, with its current value."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self._select = None
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(response, form_id):
    """The fields of the form `form_id` in an admin page, as a dict of lists (like a QueryDict)."""
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    fields = {}
    for name, value in parser.data:
        fields.setdefault(name, []).append(value)
    assert fields, f"no form #{form_id} with fields in the page"
    return fields


def change_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_fields(response, form_id)


def post_form(client, url, fields, **changes):
    """POST `fields` with `changes` applied (a value, a list for multiple values, or None to drop it)."""
    data = {name: list(values) for name, values in fields.items()}
    for name, value in changes.items():
        if name not in data and f"{name}_en" in data:
            name = f"{name}_en"  # a translated field: the English (default) column
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return client.post(url, data)


def errors_in(response):
    """The admin's error messages in a re-rendered form, as text."""
    html = response.content.decode()
    return html[html.find('class="errornote"') :] if 'class="errornote"' in html else ""
