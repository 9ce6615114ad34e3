"""Inputs in the admin's tables, named for assistive technology.

An editable column of a change list (`list_editable`) and a cell of an editable tabular inline
are inputs without a <label>: the column's heading is all a sighted reader needs, but a screen
reader announces « edit text » and nothing more (WCAG 1.3.1, 4.1.2). Each such input gets an
aria-label of its column and its row, « Position (Bienvenue) », so the rows are told apart.

`LabelledListEditable` goes on a ModelAdmin with `list_editable`, `LabelledTabularInline` is the
base of the editable tabular inlines; tests/portal/test_admin_rows.py checks that every admin
of the portal uses them.
"""

from typing import Any

from django.contrib import admin
from django.forms import BaseForm, BaseModelFormSet
from django.forms.models import BaseInlineFormSet
from django.forms.utils import pretty_name
from django.http import HttpRequest
from django.utils.text import capfirst

NEW_ROW = "nouvelle ligne"


def row_name(form: BaseForm) -> str:
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return NEW_ROW
    return str(instance)


def label_row_inputs(form: BaseForm) -> None:
    """Name each visible input of a table's row after its column and the row."""
    row = row_name(form)
    for name, field in form.fields.items():
        widget = field.widget
        if widget.is_hidden:
            continue
        # A related-object wrapper renders the widget it wraps, with that widget's attrs.
        widget = getattr(widget, "widget", None) or widget
        column = capfirst(str(field.label or pretty_name(name)))
        widget.attrs["aria-label"] = f"{column} ({row})"


class LabelledRowsMixin:
    def add_fields(self, form: BaseForm, index: int | None) -> None:
        super().add_fields(form, index)  # type: ignore[misc]
        label_row_inputs(form)


class LabelledModelFormSet(LabelledRowsMixin, BaseModelFormSet):
    pass


class LabelledInlineFormSet(LabelledRowsMixin, BaseInlineFormSet):
    pass


class LabelledListEditable:
    """For a ModelAdmin with `list_editable`: its change list's inputs are named."""

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("formset", LabelledModelFormSet)
        return super().get_changelist_formset(request, **kwargs)  # type: ignore[misc]


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
