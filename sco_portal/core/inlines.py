"""Admin inlines that survive rows vanishing under an open form.

Django's inline formsets expect every row a form was opened with to still exist when it is saved. When
another editor removed a row meanwhile (a source citation, a change note, a status), the row's hidden id no
longer matched anything: the form failed on that hidden field, showed no error an editor could see, could
not be saved, and reloading it lost what they had written. A row whose chosen object (a source) was deleted
from the portal failed the same way.

`KeepsVanishedRows` is added to an inline's bases; its formset then:

- keeps a row that vanished as a new row, because the form an editor saves is the version they mean (if
  another editor's save removed it, the conflict check has already shown them that, and a second save is
  deliberate); a row they had ticked for deletion stays deleted, and a row that would only repeat one
  still stored is left out;
- leaves out a row whose chosen object no longer exists, since there is nothing left to point at;
- says which rows it kept or left out, in a message above the next page.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms import ModelChoiceField
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import InlineForeignKeyField
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext

LARGEST_ID = 2**63 - 1  # a row id no database here can hold beyond (SQLite's and PostgreSQL's bigint)


def is_row_id(value):
    """True if `value` (as posted) could be a row's id: digits only, within what a database can hold."""
    value = str(value)
    return value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID


class VanishedRowsFormSet:
    """Mixed into an inline formset class ahead of Django's (see the module's docstring).

    A vanished row is moved, before anything else reads the form, from the rows the form was opened with
    to the new rows (its number and the count of initial rows rewritten), so Django's own machinery saves
    it as a new row and the admin shows it again beside the stored rows if the page comes back.
    """

    # Set by KeepsVanishedRows.get_formset: the request, for the messages, and what the inline calls its rows.
    request = None
    rows_name = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self._settle_vanished_rows()

    def _settle_vanished_rows(self):
        pk_name = self.model._meta.pk.name
        total = self.total_form_count()
        initial = min(self.initial_form_count(), total)  # more stored rows than rows: a hand-made form
        posted = {}
        for i in range(initial):
            raw = self.data.get(f"{self.add_prefix(i)}-{pk_name}")
            try:
                posted[i] = self.model._meta.pk.to_python(raw) if raw not in (None, "") else None
            except ValidationError:
                posted[i] = raw  # not a number at all: left for Django's own error
        numbers = [pk for pk in posted.values() if is_row_id(pk)]
        stored = set(self.model._default_manager.filter(pk__in=numbers).values_list("pk", flat=True))
        vanished = [i for i, pk in posted.items() if pk is None or (isinstance(pk, int) and pk not in stored)]
        notices, deleted = [], set()
        self.data = self._without_impossible_choices(total)
        for i in range(total):
            prefix = self.add_prefix(i)
            if self.can_delete and self.data.get(f"{prefix}-{DELETION_FIELD_NAME}"):
                continue  # removed on purpose: nothing to keep or to warn about
            gone = self._chosen_objects_gone(prefix)
            if gone:
                notices.append(self._gone_notice(i, gone))
                deleted.add(i)
            elif i in vanished:
                if self._repeats_a_stored_row(prefix):
                    deleted.add(i)
                else:
                    notices.append(self._kept_notice(prefix))
        if vanished or deleted:
            order = [i for i in range(initial) if i not in vanished] + vanished + list(range(initial, total))
            self.data = self._renumbered(order, len(order) - len(vanished) - (total - initial), deleted)
            self.__dict__.pop("management_form", None)  # read again, with the new count of stored rows
        if self.request is not None:
            for notice in notices:
                messages.warning(self.request, notice)

    def _without_impossible_choices(self, total):
        """The posted data with a chosen object that is no id at all (only a hand-made request sends one) left
        empty, so the row says its choice is missing rather than failing to show it again."""
        data = self.data.copy()
        for i in range(total):
            for name in self._choices:
                key = f"{self.add_prefix(i)}-{name}"
                raw = data.get(key)
                if raw and not is_row_id(raw):
                    data[key] = ""
        if hasattr(data, "_mutable"):
            data._mutable = False
        return data

    def _renumbered(self, order, initial, deleted):
        """The posted data with row `order[n]` as row n, `initial` stored rows, and the `deleted` rows ticked
        for deletion (and, when they are new rows, without their old id)."""
        rows = {f"{self.add_prefix(i)}-": n for n, i in enumerate(order)}
        data = self.data.copy()
        for key in list(data.keys()):
            if any(key.startswith(old) for old in rows):
                del data[key]
        for old, n in rows.items():
            new = f"{self.add_prefix(n)}-"
            for key, values in self.data.lists():
                if key.startswith(old):
                    data.setlist(new + key[len(old) :], values)
            if n >= initial:
                data[f"{new}{self.model._meta.pk.name}"] = ""
            if order[n] in deleted and self.can_delete:
                data[f"{new}{DELETION_FIELD_NAME}"] = "on"
        data[self.management_form.add_prefix("INITIAL_FORMS")] = str(initial)
        if hasattr(data, "_mutable"):
            data._mutable = False
        return data

    @cached_property
    def _choices(self):
        """The row's choices of other objects (a source), not the row's own id or the item it belongs to."""
        own = {self.model._meta.pk.name, getattr(getattr(self, "fk", None), "name", None)}
        choices = {}
        for name, field in self.form.base_fields.items():
            if not isinstance(field, ModelChoiceField) or isinstance(field, InlineForeignKeyField) or name in own:
                continue
            try:
                model_field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.is_relation:
                choices[name] = field
        return choices

    def _posted_choices(self, prefix):
        chosen = {}
        for name, field in self._choices.items():
            raw = self.data.get(f"{prefix}-{name}")
            if raw:  # an id: anything else was emptied first (_without_impossible_choices)
                chosen[name] = (field, int(raw))
        return chosen

    def _chosen_objects_gone(self, prefix):
        return [
            self.model._meta.get_field(name).verbose_name
            for name, (field, pk) in self._posted_choices(prefix).items()
            if not field.queryset.model._default_manager.filter(pk=pk).exists()
        ]

    def _repeats_a_stored_row(self, prefix):
        chosen = self._posted_choices(prefix)
        if not chosen or self.instance is None or self.instance.pk is None:
            return False
        return self.get_queryset().filter(**{name: pk for name, (_field, pk) in chosen.items()}).exists()

    def _describe(self, prefix):
        for _name, (field, pk) in self._posted_choices(prefix).items():
            found = field.queryset.model._default_manager.filter(pk=pk).first()
            if found is not None:
                return str(found)
        for name, field in self.form.base_fields.items():
            value = self.data.get(f"{prefix}-{name}")
            if value and not isinstance(field, ModelChoiceField):
                return Truncator(value).chars(60)
        return gettext("a row")

    def _gone_notice(self, i, labels):
        return gettext(
            "Row %(row)d of “%(inline)s” pointed to something deleted from the portal while you were editing "
            "(%(what)s), so that row is left out."
        ) % {"row": i + 1, "inline": self._rows_name(), "what": ", ".join(map(str, labels))}

    def _kept_notice(self, prefix):
        return gettext(
            "“%(row)s” was removed from “%(inline)s” by someone else while you were editing. Your form still had "
            "it, so it is kept; remove it again if it should go."
        ) % {"row": self._describe(prefix), "inline": self._rows_name()}

    def _rows_name(self):
        return self.rows_name or self.model._meta.verbose_name_plural


class KeepsVanishedRows:
    """An inline whose formset keeps or leaves out vanished rows and says so (`VanishedRowsFormSet`)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        attributes = {"request": request, "rows_name": self.verbose_name_plural}
        return type(formset.__name__, (VanishedRowsFormSet, formset), attributes)
