"""One public address (A1 #4): SITE_URL, with the per-app names of before read for a release."""

import warnings

import pytest
from django.core.checks import run_checks

from portal.settings.public_address import DEFAULT_SITE_URL, site_url


def test_site_url_wins_and_loses_its_trailing_slash():
    environ = {"SITE_URL": "https://portail.ordre.test/", "VAULT_SITE_URL": "https://old.test"}
    with pytest.warns(DeprecationWarning, match="VAULT_SITE_URL"):
        assert site_url(environ) == "https://portail.ordre.test"


@pytest.mark.parametrize(
    "name", ["VAULT_SITE_URL", "PAYMENT_PUBLIC_BASE_URL", "REGISTRATIONS_SITE_URL"]
)
def test_an_old_name_alone_is_still_read_with_a_warning(name):
    with pytest.warns(DeprecationWarning, match=f"{name} is deprecated"):
        assert site_url({name: "https://ancien.ordre.test/"}) == "https://ancien.ordre.test"


def test_nothing_set_is_the_development_address_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert site_url({}) == DEFAULT_SITE_URL


def test_the_system_check_names_an_old_variable_still_set(monkeypatch):
    monkeypatch.setenv("PAYMENT_PUBLIC_BASE_URL", "https://ancien.ordre.test")
    warnings_found = [m for m in run_checks() if m.id == "portal.W001"]
    assert [m.msg for m in warnings_found] == [
        "PAYMENT_PUBLIC_BASE_URL is deprecated: the portal's public address is SITE_URL."
    ]
    monkeypatch.delenv("PAYMENT_PUBLIC_BASE_URL")
    assert not [m for m in run_checks() if m.id == "portal.W001"]


def test_the_attestation_qr_code_points_at_site_url(settings):
    from cotisations.documents import verification_url

    settings.SITE_URL = "https://portail.ordre.test"
    assert verification_url("ABC123") == "https://portail.ordre.test/verifier/ABC123/"
