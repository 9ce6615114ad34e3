"""French plurals: 0 and 1 take the singular, from 2 on the plural (`pluralize_fr`)."""

import pytest
from django.template import Context, Template

from portal.templatetags.french import pluralize_fr


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 document"), (1, "1 document"), (2, "2 documents"), (15, "15 documents")],
)
def test_documents_are_counted_the_french_way(count, expected):
    template = Template("{% load french %}{{ n }} document{{ n|pluralize_fr }}")

    assert template.render(Context({"n": count})) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "l"), (1, "l"), (2, "ux"), ("3", "ux"), ([1], "l"), ([1, 2], "ux"), (1.5, "l")],
)
def test_singular_and_plural_suffixes(value, expected):
    assert pluralize_fr(value, "l,ux") == expected


def test_lists_count_by_their_length():
    assert pluralize_fr([]) == ""
    assert pluralize_fr(["a"]) == ""
    assert pluralize_fr(["a", "b"]) == "s"


@pytest.mark.parametrize("value", [None, "beaucoup", object()])
def test_what_is_not_a_number_gives_no_suffix(value):
    assert pluralize_fr(value) == ""


def test_too_many_suffixes_give_nothing():
    assert pluralize_fr(2, "a,b,c") == ""
