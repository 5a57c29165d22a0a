"""The admin's shared pieces for content: publishing, preview, history, change notes and edit conflicts.

Every content admin (events, initiatives, statements) builds on `ContentAdmin`:

- publishing state in the list with a filter that shows counts, and "publish now" / "unpublish"
  actions; "View on site" for public items and "Preview" for the rest;
- django-reversion history with compare (django-reversion-compare), restore, and recovery of
  deleted items;
- `ContentAdminForm`, which refuses a save made from a stale copy of the item (no lost edits)
  and asks for a public change note when a published item changes substantively.
"""

import datetime
import hashlib
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields
from reversion import add_to_revision, create_revision, is_active, set_comment, set_user
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from sco_portal.core.filters import search_words
from sco_portal.core.inlines import KeepsVanishedRows, is_row_id
from sco_portal.core.markup import ALLOWED_TAGS, MarkdownTooComplex, render_markdown_within
from sco_portal.core.models import ChangeNote, PublicationStatus, SlugRedirect
from sco_portal.core.translation import substring_lookup

# Fields whose change is not news for readers: no change note is asked for.
NOT_SUBSTANTIVE = {"featured", "slug", "status", "publish_at"}
FORM_ONLY_FIELDS = {"base_revision", "base_state", "minor_change", "change_note"}

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, [link text](https://example.org), a blank line between "
    "paragraphs, “- ” or “1. ” for lists, “## ” for a heading, “> ” for a quotation. "
    "A little HTML is allowed (%(tags)s); scripts, styles, frames, forms and event "
    "attributes are removed."
)


class LineBreaksField(forms.CharField):
    """A text area's text with the line breaks it is stored with. Browsers send a text area's lines with CRLF,
    and the rows hold LF: without this, saving a form untouched changed every multi-line text (and asked for a
    change note on a public item, and named the texts in the history)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class PortalAdminMixin:
    """What every portal admin list does beyond Django's.

    - The search box ignores case in every script, as the public search does. Django's admin
      searches with `icontains`, and SQLite's LIKE folds ASCII letters only, so there "шос" missed
      "ШОС". Each word is matched as the public search matches it (`translation.substring_lookup`):
      `iregex` on the escaped word where SQLite needs it.
    - No regular expressions from the address (`?title__regex=(`): Django allows any lookup on a
      list's own fields, and an invalid pattern failed in the database. They are a 400 now.
    - An action on items named by something other than their numbers (a hand-made POST) changes
      nothing and says so, where the admin failed converting them.
    - Multi-line texts read with the line breaks they are stored with (`LineBreaksField`).
    """

    formfield_overrides = {
        models.TextField: {"form_class": LineBreaksField},
        models.URLField: {"assume_scheme": "https"},  # a link typed without a scheme: https, as Django 6 will
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return safe_autocomplete(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return safe_autocomplete(super().formfield_for_manytomany(db_field, request, **kwargs))

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.rsplit("__", 1)[-1] in ("regex", "iregex"):
            return False
        return super().lookup_allowed(lookup, value, request)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if not all(is_row_id(value) for value in selected):
            self.message_user(request, gettext("No items were changed: the selection was not valid."), messages.ERROR)
            return None
        return super().response_action(request, queryset)

    def get_search_results(self, request, queryset, search_term):
        words = search_words(search_term)
        if connection.vendor != "sqlite" or all(substring_lookup(w)[0] == "icontains" for w in words):
            return super().get_search_results(request, queryset, search_term)
        for word in words:
            lookup, value = substring_lookup(word)
            matches = Q()
            for field in self.get_search_fields(request):
                matches |= Q(**{f"{field}__{lookup}": value})
            queryset = queryset.filter(matches)
        may_have_duplicates = any("__" in field for field in self.get_search_fields(request))
        return queryset, may_have_duplicates


class _ShowsOnlyRealChoices:
    """Django's autocomplete widget looks up the chosen items to show them again when a form comes back with
    an error, and failed (a server error) on a value that is no id at all, which only a hand-made request
    sends; such a value is simply not shown again, and the field's own error says it was not valid."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [choice for choice in value if is_row_id(choice)], attr)


SAFE_AUTOCOMPLETE = {
    widget: type(widget.__name__, (_ShowsOnlyRealChoices, widget), {})
    for widget in (AutocompleteSelect, AutocompleteSelectMultiple)
}


class ChosenByIdField(forms.ModelMultipleChoiceField):
    """Django's field for several chosen items, refusing with its own message a value no database could hold as
    an id, which it passed to the database (a server error on SQLite and PostgreSQL alike)."""

    def _check_values(self, value):
        for choice in value or ():
            if not isinstance(choice, str | int) or not is_row_id(choice):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": choice}
                )
        return super()._check_values(value)


def safe_autocomplete(formfield):
    if type(formfield) is forms.ModelMultipleChoiceField:
        formfield.__class__ = ChosenByIdField
    widget = getattr(formfield, "widget", None)
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if widget is not None and type(widget) in SAFE_AUTOCOMPLETE:
        widget.__class__ = SAFE_AUTOCOMPLETE[type(widget)]
    return formfield


class PublishingStateFilter(admin.SimpleListFilter):
    title = _("publishing state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        items = model_admin.get_queryset(request)
        return [
            ("draft", _("Draft (%(count)d)") % {"count": items.drafts().count()}),
            ("scheduled", _("Scheduled (%(count)d)") % {"count": items.scheduled().count()}),
            ("published", _("Published (%(count)d)") % {"count": items.published().count()}),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.drafts()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        return queryset


def sources_inline(model):
    """An inline listing the sources an item cites, picked by autocomplete."""
    return type(
        f"{model.__name__}SourceInline",
        (KeepsVanishedRows, admin.TabularInline),
        {
            "model": model.sources.through,
            "extra": 1,
            "autocomplete_fields": ["source"],
            "verbose_name": _("source"),
            "verbose_name_plural": _("sources"),
        },
    )


class ChangeNoteInline(KeepsVanishedRows, GenericTabularInline):
    """Notes already shown to readers; editors may correct or remove one."""

    model = ChangeNote
    fields = ["created_at", "note"]
    extra = 0
    verbose_name_plural = _("Updates to this page (shown to readers)")


def _fingerprint(value):
    if isinstance(value, list | tuple | set | models.QuerySet):  # many-to-many: the ids, in any order
        value = sorted(getattr(v, "pk", v) for v in value)
    elif isinstance(value, models.Model):  # a form's chosen item; the stored row holds its id
        value = value.pk
    elif value is None:
        value = ""  # an empty field saved from a form becomes "" where it was NULL: no change to a reader
    elif isinstance(value, datetime.datetime):
        if timezone.is_aware(value):  # a form gives the editor's time zone, the database UTC
            value = value.astimezone(datetime.UTC)
        value = value.replace(microsecond=0)  # forms carry times to the second
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def put_in_form_data(data, bound_field):
    """Write an unbound form field's value into posted `data` the way its widget would have posted it."""
    widget, value, name = bound_field.field.widget, bound_field.value(), bound_field.html_name
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, forms.MultiWidget):  # a date and a time
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        for suffix, part_widget, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
            data[name + suffix] = part_widget.format_value(part) or ""
    elif getattr(widget, "allow_multiple_selected", False):
        data.setlist(name, [str(item) for item in value or []])
    elif isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value):
            data[name] = "on"
        else:
            data.pop(name, None)
    else:
        formatted = widget.format_value(value)
        data[name] = "" if formatted is None else str(formatted)


def item_state(instance, field_names):
    """A fingerprint per field of an item as stored, to tell later which fields someone else changed."""
    values = model_to_dict(instance, fields=field_names)
    return {name: _fingerprint(values.get(name)) for name in field_names}


class EditConflictForm(forms.ModelForm):
    """An admin form that refuses a save made from a stale copy (no lost edits), and merges for the second save.

    `base_state` carries a fingerprint of each field as the editor opened the item. When someone else has saved
    since, the save is refused, the form is merged three ways (`_take_their_changes`) and the message names
    who, when and which fields; saving again saves the form as it then is. Used for content (which also
    carries a revision token, a cheaper test) and for topics, countries and sources.
    """

    base_state = forms.CharField(widget=forms.HiddenInput, required=False)

    # On the History's revert page, the item as stored before the old version was put in its place (set by
    # EditConflictAdmin.get_form): the form was opened against that, so a newer edit than it is a conflict too.
    stored_before_revert = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.remember_opened(self.stored_before_revert or self.instance)

    def remember_opened(self, item):
        self.fields["base_state"].initial = signing.dumps(item_state(item, self._model_field_names()))

    def _model_field_names(self):
        return [name for name in self.fields if name not in FORM_ONLY_FIELDS]

    @cached_property
    def changed_data(self):
        """The item's fields that changed: the history names these, never the form's own bookkeeping."""
        return [name for name in super().changed_data if name not in FORM_ONLY_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_stale_save()
        return cleaned

    def changed_since_opened(self, stored):
        opened = self._opened_state()
        return opened is not None and opened != item_state(stored, self._model_field_names())

    def _refuse_stale_save(self):
        model = type(self.instance)
        current = model._default_manager.all()
        if not transaction.get_autocommit():
            current = current.select_for_update()  # hold the row until this save commits
        stored = current.filter(pk=self.instance.pk).first()
        if stored is not None and self.stored_before_revert is not None:
            stored = self.stored_before_revert  # the row now holds the old version being restored
        if stored is None:
            raise forms.ValidationError(
                _("Someone deleted this item while you were editing it. Copy your text before leaving this page."),
                code="deleted",
            )
        if not self.changed_since_opened(stored):
            return
        taken, both = self._take_their_changes(stored)
        message = self.conflict_message(stored, taken, both)
        # Let the editor save again deliberately once they have seen what changed.
        self.saw(stored)
        raise forms.ValidationError(message, code="conflict")

    def saw(self, stored):
        """The editor has now seen `stored`: a second save is measured against it."""
        self.data[self.add_prefix("base_state")] = signing.dumps(item_state(stored, self._model_field_names()))

    def _take_their_changes(self, stored):
        """A three-way merge into the form, for the editor's second save: a field only the other editor changed
        since this form was opened now shows their value; a field both changed keeps this editor's. Returns
        the labels of both kinds. Anything that cannot be compared counts as changed by this editor."""
        self.data = self.data.copy()
        opened = self._opened_state()
        if opened is None:
            return [], []
        now = item_state(stored, self._model_field_names())
        theirs = [name for name, value in now.items() if opened.get(name) != value and not self.fields[name].disabled]
        mine = {
            name
            for name in theirs
            if name not in self.cleaned_data or _fingerprint(self.cleaned_data[name]) != opened.get(name)
        }
        as_stored = type(self)(instance=stored)
        for name in theirs:
            if name not in mine:
                put_in_form_data(self.data, as_stored[name])
        label = lambda name: str(self.fields[name].label)  # noqa: E731
        return [label(n) for n in theirs if n not in mine], [label(n) for n in theirs if n in mine]

    def _opened_state(self):
        try:
            return signing.loads(self.data.get(self.add_prefix("base_state"), ""))
        except signing.BadSignature:
            return None

    def conflict_message(self, stored, taken=(), both=()):
        latest = Version.objects.get_for_object(stored).select_related("revision__user").first()
        who = gettext("Another editor")
        if latest and latest.revision.user:
            who = latest.revision.user.get_full_name() or latest.revision.user.get_username()
        saved_at = getattr(stored, "updated_at", None) or (latest.revision.date_created if latest else None)
        if saved_at is not None:
            when = date_format(timezone.localtime(saved_at), "DATETIME_FORMAT")
            opening = gettext("Not saved: %(who)s saved this item at %(when)s, after you opened it.")
        else:
            when, opening = "", gettext("Not saved: %(who)s saved this item after you opened it.")
        parts = [opening % {"who": who, "when": when}]
        if taken:
            parts.append(
                gettext("Their changes to %(fields)s are now in the form below (you had not changed those).")
                % {"fields": get_text_list(taken, gettext("and"))}
            )
        if both:
            parts.append(
                gettext(
                    "You both changed %(fields)s: the form keeps your version; to keep theirs instead, open the "
                    "item in a new tab and copy it across."
                )
                % {"fields": get_text_list(both, gettext("and"))}
            )
        if not taken and not both:
            parts.append(gettext("Their changes are in the item’s history."))
        parts.append(gettext("Your edits are still in the form. Save again to save the form as it is now."))
        return " ".join(parts)


class ContentAdminForm(EditConflictForm):
    # The item's revision token when the editor opened it: a cheaper test than comparing every field.
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    minor_change = forms.BooleanField(
        label=_("Minor correction"),
        required=False,
        help_text=_("A typo or formatting fix: readers get no note and feeds keep the item’s update time."),
    )
    change_note = forms.CharField(
        label=_("Change note"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For changes to a published item: one sentence for readers, shown with today’s date under "
            "“Updates to this page”."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As readers see it now: on a revert page, the item before the old version was put in its place.
        self.was_public = bool(self.instance.pk) and (self.stored_before_revert or self.instance).is_public
        for name in self.fields:  # body_en, body_ru, body_zh_hans: one per language (TranslationAdmin)
            if name == "body" or name.startswith("body_"):
                self.fields[name].help_text = MARKDOWN_HELP % {"tags": ", ".join(sorted(ALLOWED_TAGS))}

    def remember_opened(self, item):
        super().remember_opened(item)
        self.fields["base_revision"].initial = item.revision

    def clean(self):
        cleaned = super().clean()
        self._refuse_what_cannot_be_formatted(cleaned)
        if self.instance.pk:
            self._require_change_note(cleaned)
        return cleaned

    def changed_since_opened(self, stored):
        base = self.cleaned_data.get("base_revision")
        return base is not None and base != stored.revision

    def saw(self, stored):
        super().saw(stored)
        self.data[self.add_prefix("base_revision")] = str(stored.revision)

    def _refuse_what_cannot_be_formatted(self, cleaned):
        """Each body is rendered first, with a time limit: a text too deep or too slow to format comes back
        with a message and the editor's text, instead of failing or holding the server on save."""
        for name in self.fields:
            if (name == "body" or name.startswith("body_")) and cleaned.get(name):
                try:
                    render_markdown_within(cleaned[name])
                except MarkdownTooComplex as error:
                    self.add_error(name, str(error))

    def _changed_for_readers(self, cleaned):
        """The fields readers will see change. On a revert page the form starts from the old version, so what
        changes is measured against the item as it was before, not against the form's starting point."""
        if self.stored_before_revert is None:
            return set(self.changed_data)
        before = item_state(self.stored_before_revert, self._model_field_names())
        return {name for name, value in before.items() if name in cleaned and _fingerprint(cleaned[name]) != value}

    def _require_change_note(self, cleaned):
        substantive = self._changed_for_readers(cleaned) - NOT_SUBSTANTIVE - FORM_ONLY_FIELDS
        stays_public = cleaned.get("status") == PublicationStatus.PUBLISHED and (
            cleaned.get("publish_at") is None or cleaned["publish_at"] <= timezone.now()
        )
        if (
            self.was_public
            and stays_public
            and substantive
            and not cleaned.get("minor_change")
            and not (cleaned.get("change_note") or "").strip()
        ):
            self.add_error(
                "change_note",
                _("This item is public: say in one sentence what changed, or tick “Minor correction”."),
            )

    @property
    def change_note_to_record(self):
        if not self.was_public or self.cleaned_data.get("minor_change"):
            return ""
        return (self.cleaned_data.get("change_note") or "").strip()


class EditConflictAdmin:
    """What keeps editors' work in an admin (with `EditConflictForm`), placed before a `CompareVersionAdmin`
    (history with compare, restore and recover, django-reversion): restoring a version is checked like any
    save, and a save for an item deleted meanwhile shows what the editor wrote instead of dropping it."""

    form = EditConflictForm
    history_latest_first = True

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restoring an old version: django-reversion puts it in the row before showing or saving the form, so
        the form would take the old version's revision for the one it was opened against, and a revert page left
        open would silently undo anyone's newer edits. The item as stored first is what the form checks against."""
        request.portal_stored_before_revert = self.model._default_manager.filter(pk=unquote(object_id)).first()
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        stored = getattr(request, "portal_stored_before_revert", None)
        if stored is not None:
            form = type(form.__name__, (form,), {"stored_before_revert": stored})
        return form

    def recover_view(self, request, version_id, extra_context=None):
        """Recover only a deleted item of this section. django-reversion would take any version of any model,
        and a recover form left open after someone else had recovered and edited the item would, when
        saved, silently put the deleted version back over their edits."""
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            opts = self.model._meta
            messages.warning(
                request,
                gettext(
                    "“%(item)s” is no longer deleted: someone has recovered it. Nothing was changed; "
                    "here it is as it is now."
                )
                % {"item": version.object_repr},
            )
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[version.object_id]))
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        before = getattr(form, "stored_before_revert", None)
        if before is not None and getattr(before, "slug", None) != getattr(obj, "slug", None):
            SlugRedirect.record(obj, before.slug)  # restoring a version with another address

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A save for an item someone deleted meanwhile: show the editor what they wrote instead of dropping it."""
        if request.method != "POST":
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("This item was deleted while you were editing it"),
            "written": written_while_deleted(self.model, request.POST),
            "recover_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist"),
            "add_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        }
        return TemplateResponse(request, "admin/content_deleted_while_editing.html", context, status=409)


# TranslationAdmin shows each translated field once per language, one under the other (title [en],
# title [ru], title [zh-hans]); its tabbed variant needs jQuery UI from a CDN, which the CSP forbids.
class ContentAdmin(PortalAdminMixin, EditConflictAdmin, TranslationAdmin, CompareVersionAdmin):
    form = ContentAdminForm
    change_form_template = "admin/content_change_form.html"
    list_filter = [PublishingStateFilter, "featured", "topics"]
    # Every language's text, so an editor finds an item by whichever version they remember.
    search_fields = get_translation_fields("title", "summary", "body")
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "countries"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    save_on_top = True
    actions = ["publish", "unpublish"]
    history_latest_first = True

    @property
    def compare_exclude(self):
        """Bookkeeping that editors never change by hand (in every language); the rendered body follows the body."""
        hidden = ("revision", "updated_at", "created_at", "body_html", "public_updated_at")
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if any(field.name == name or field.name.startswith(f"{name}_") for name in hidden)
        ]

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, ChangeNoteInline] if obj is not None else inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], "base_revision", "base_state"]})
        if obj is not None:
            fieldsets.append(
                (
                    _("About this change"),
                    {
                        "fields": ["minor_change", "change_note"],
                        "description": _("Readers see change notes on published items; minor corrections leave none."),
                    },
                )
            )
        return fieldsets

    def save_model(self, request, obj, form, change):
        note = form.change_note_to_record if change else ""
        if note:
            obj.public_updated_at = timezone.now()
        if not change or "status" in form.changed_data:
            self._first_publication_time(obj, form)
        super().save_model(request, obj, form, change)
        if note:
            ChangeNote.objects.create(item=obj, note=note, author=request.user)
            set_comment(gettext("Change note: %(note)s") % {"note": note})

    def save_related(self, request, form, formsets, change):
        """The revision records the item once its sources are saved too: django-reversion serialises the item
        when it is saved, before the admin saves the sources inline, so each version named the sources of the
        save before it (and a revert or recovery brought back the wrong ones)."""
        super().save_related(request, form, formsets, change)
        if is_active():
            add_to_revision(form.instance)
        self._warn_of_missing_sources(request, [form.instance])

    def _warn_of_missing_sources(self, request, items):
        """Every public item says where its facts come from: publishing one that cites no source is allowed (a
        source may follow) but never goes unnoticed."""
        uncited = [item for item in items if item.status == PublicationStatus.PUBLISHED and not item.sources.exists()]
        if uncited:
            self.message_user(
                request,
                ngettext(
                    "“%(items)s” is published but cites no source: add the document its facts come from.",
                    "%(count)d items are published but cite no source (%(items)s): add the documents their facts "
                    "come from.",
                    len(uncited),
                )
                % {"count": len(uncited), "items": get_text_list([str(item) for item in uncited], gettext("and"))},
                messages.WARNING,
            )

    @staticmethod
    def _first_publication_time(obj, form):
        """Publishing a draft without choosing a time publishes it now, not when the draft was begun."""
        if (
            obj.status == PublicationStatus.PUBLISHED
            and "publish_at" not in form.changed_data
            and obj.publish_at < timezone.now()
            and form.initial.get("status", PublicationStatus.DRAFT) == PublicationStatus.DRAFT
        ):
            obj.publish_at = timezone.now()

    # Publishing.

    @admin.display(description=_("state"), ordering="publish_at")
    def publishing_state(self, obj):
        if obj.status == PublicationStatus.PUBLISHED and obj.publish_at > timezone.now():
            return _("Scheduled for %(time)s") % {
                "time": date_format(timezone.localtime(obj.publish_at), "SHORT_DATETIME_FORMAT")
            }
        return obj.state_label

    @admin.display(description=_("on the site"))
    def site_link(self, obj):
        if obj.is_public:
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View"))
        return format_html('<a href="{}">{}</a>', preview_url(obj), _("Preview"))

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    @admin.action(description=_("Publish the selected items now"), permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        published = []
        for item in queryset.exclude(status=PublicationStatus.PUBLISHED, publish_at__lte=now):
            item.status = PublicationStatus.PUBLISHED
            item.publish_at = now
            self._save_from_action(request, item, gettext("Published"))
            published.append(item)
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", len(published))
            % {"count": len(published)},
            messages.SUCCESS,
        )
        self._warn_of_missing_sources(request, published)

    @admin.action(description=_("Unpublish the selected items (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        changed = 0
        for item in queryset.exclude(status=PublicationStatus.DRAFT):
            item.status = PublicationStatus.DRAFT
            self._save_from_action(request, item, gettext("Unpublished"))
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", changed) % {"count": changed},
            messages.SUCCESS,
        )

    def _save_from_action(self, request, item, message):
        with create_revision():
            item.save()
            set_user(request.user)
            set_comment(message)
        self.log_change(request, item, message)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["preview_url"] = preview_url(obj) if obj is not None and obj.pk else None
        context["markdown_preview_url"] = reverse("admin:markdown_preview")
        return super().render_change_form(request, context, add, change, form_url, obj)


SKIPPED_WHEN_DELETED = {"csrfmiddlewaretoken", "base_revision", "base_state", "minor_change"}
SPLIT_PART = re.compile(r"^(?P<name>.+)_(?P<part>[01])$")
FORM_ONLY_LABELS = {"change_note": _("Change note")}
INLINE_ROW = re.compile(r"^(?P<prefix>.+)-(?P<number>\d+)-(?P<field>[^-]+)$")


def written_while_deleted(model, data):
    """What an editor submitted for an item deleted meanwhile, as (label, text) pairs: every value of every
    field (all the topics chosen, not only the last), each inline row (the sources cited, a change note),
    and chosen items by name rather than number."""
    inlines = {f"{model.__name__}_{field.name}": field.remote_field.through for field in model._meta.many_to_many}
    inlines[f"{ChangeNote._meta.app_label}-{ChangeNote._meta.model_name}-content_type-object_id"] = ChangeNote
    written = []
    for name, values in data.lists():
        values = [value for value in values if value.strip()]
        if not values or name in SKIPPED_WHEN_DELETED or name.startswith(("initial-", "_")):
            continue
        row = INLINE_ROW.match(name)
        if row:
            target = inlines.get(row["prefix"])
            if target is None or row["field"] in ("id", "DELETE", model._meta.model_name):
                continue
            field, number = _field(target, row["field"]), f" {int(row['number']) + 1}"
        elif "-" in name:  # an inline formset's own bookkeeping (TOTAL_FORMS and the like)
            continue
        else:
            field, number = _field(model, name), ""
            split = SPLIT_PART.match(name) if field is None else None
            if split and _field(model, split["name"]) is not None:  # a date and a time typed apart
                field, number = (
                    _field(model, split["name"]),
                    f" ({gettext('date') if split['part'] == '0' else gettext('time')})",
                )
        if field is not None and field.is_relation:
            chosen = field.related_model._default_manager.filter(pk__in=[v for v in values if is_row_id(v)])
            names = {str(item.pk): str(item) for item in chosen}
            values = [names.get(value, value) for value in values]
        label = f"{field.verbose_name}{number}" if field is not None else str(FORM_ONLY_LABELS.get(name, name))
        written.append((label, "\n".join(values)))
    return written


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field (the change note) or a translation's column name
        return None


def preview_url(obj):
    return reverse("preview", args=[obj._meta.app_label, obj.pk])
