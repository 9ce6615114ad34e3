"""vault_rotate_keys re-wraps the applicants' documents too, and will not retire a key they use."""

import base64

import pytest
from django.core.management import CommandError, call_command

from registrations.models import RegistrationDocument
from tests.fixtures.vault import read, set_vault_keys
from tests.registrations.conftest import KEK, PDF

pytestmark = pytest.mark.django_db

KEK_2 = base64.b64encode(bytes(range(100, 132))).decode()


def test_rotation_rewraps_and_content_still_reads(complete_draft, settings):
    set_vault_keys(settings, f"k1:{KEK},k2:{KEK_2}", "k2")
    with pytest.raises(CommandError):
        call_command("vault_rotate_keys", "--retire", "k1")
    call_command("vault_rotate_keys")
    assert set(RegistrationDocument.objects.values_list("kek_id", flat=True)) == {"k2"}
    call_command("vault_rotate_keys", "--retire", "k1")
    set_vault_keys(settings, f"k2:{KEK_2}")
    document = complete_draft.documents.get(kind="studies")
    assert read(document) == PDF
