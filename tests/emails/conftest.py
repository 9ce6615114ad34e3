"""The dues fixtures (a campaign and the root `doctor_user`'s call) for the email tests."""

from tests.cotisations.conftest import call, campaign

__all__ = ["call", "campaign"]
