"""Fixtures of the change-request tests: Paris's council and a doctor of Paris who claimed
their roll entry."""

import pytest

from tests.roll.change_helpers import claimed_doctor, paris_council


@pytest.fixture
def council():
    return paris_council()


@pytest.fixture
def doctor_a(council):
    """(user, doctor): Dr Anne Durand, whose council is Paris's."""
    return claimed_doctor("anne.durand@exemple.test", last_name="Durand")
