"""Money in French, in one place (portal.money)."""

import pytest

from portal.money import decimal_comma, euros


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, "0,00\u00a0€"),
        (5, "0,05\u00a0€"),
        (34_000, "340,00\u00a0€"),
        (123_456, "1\u202f234,56\u00a0€"),
        (123_456_789, "1\u202f234\u202f567,89\u00a0€"),
        (-150, "-1,50\u00a0€"),  # an overpayment's balance, not "-2,50"
    ],
)
def test_euros(cents, text):
    assert euros(cents) == text


@pytest.mark.parametrize(
    ("cents", "text"), [(0, "0,00"), (34_050, "340,50"), (123_456, "1234,56"), (-150, "-1,50")]
)
def test_decimal_comma_for_spreadsheets(cents, text):
    assert decimal_comma(cents) == text
