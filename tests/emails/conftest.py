"""The dues fixtures (a campaign, a claimed doctor and their call) for the email tests."""

from tests.cotisations.conftest import call, campaign, doctor_client, doctor_user

__all__ = ["call", "campaign", "doctor_client", "doctor_user"]
