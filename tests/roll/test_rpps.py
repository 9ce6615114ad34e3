import pytest
from django.core.exceptions import ValidationError

from roll.rpps import luhn_check_digit, luhn_checksum_ok, normalize_rpps, validate_rpps
from tests.roll.helpers import luhn_invalid, rpps


@pytest.mark.parametrize(
    "value",
    ["1234567890A", "ABCDEFGHIJK", "1000000000", "100000000000", "", "１０００００００００１"],
    ids=["letter", "letters", "10-digits", "12-digits", "empty", "fullwidth-digits"],
)
def test_malformed_rpps_is_refused_for_its_format(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_rpps(value)
    assert excinfo.value.code == "rpps_format"


def test_luhn_invalid_rpps_is_refused_for_its_check_digit():
    with pytest.raises(ValidationError) as excinfo:
        validate_rpps(luhn_invalid(1234))
    assert excinfo.value.code == "rpps_checksum"


@pytest.mark.parametrize("n", [0, 1, 1234, 99_999_999])
def test_valid_rpps_passes(n):
    validate_rpps(rpps(n))
    assert luhn_checksum_ok(rpps(n))


def test_check_digit_matches_the_textbook_luhn_example():
    # The usual worked example of the Luhn algorithm: 7992739871 completes with 3.
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_checksum_ok("79927398713")
    assert not luhn_checksum_ok("79927398710")


def test_normalize_drops_separators_people_type():
    assert normalize_rpps("10 10.10-10\u00a0109") == "10101010109"
