"""Staff edit the hubs' blocks in the admin (behind MFA)."""

import pytest
from django.urls import reverse

from portal.models import Audience, HubBlock
from tests.auth_helpers import force_mfa_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def mfa_staff_client(client):
    force_mfa_login(client, UserFactory.create(email="admin@ordre.test", staff=True))
    return client


def test_admin_lists_blocks_with_filters(client):
    staff = mfa_staff_client(client)

    response = staff.get(
        reverse("admin:portal_hubblock_changelist"), {"audience__exact": "medecins"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mon espace" in content
    assert "Les autres rubriques" not in content
    assert 'name="form-0-position"' in content
    assert 'name="form-0-is_published"' in content


def block_form(**changes: str) -> dict[str, str]:
    data = {
        "audience": "patients",
        "kind": "navigation",
        "title": "Espace médecins",
        "body": "Pour les médecins qui passent par ici.",
        "link_label": "Aller à la rubrique Médecins",
        "link_url": "/medecins/",
        "position": "50",
        "is_published": "on",
    }
    return data | changes


def test_admin_creates_a_block(client):
    staff = mfa_staff_client(client)

    response = staff.post(reverse("admin:portal_hubblock_add"), block_form())

    assert response.status_code == 302
    block = HubBlock.objects.get(title="Espace médecins")
    assert block.is_published
    assert "Aller à la rubrique Médecins" in client.get(reverse("hub_patients")).content.decode()


def test_admin_refuses_a_link_to_a_missing_page_with_a_french_message(client):
    staff = mfa_staff_client(client)

    response = staff.post(
        reverse("admin:portal_hubblock_add"),
        block_form(title="Annuaire", link_url="/page-qui-n-existe-pas/"),
    )

    assert response.status_code == 200
    assert "Aucune page du portail ne correspond" in response.content.decode()
    assert not HubBlock.objects.filter(title="Annuaire").exists()


def test_admin_edits_position_and_publication_from_the_list(client):
    staff = mfa_staff_client(client)
    block = HubBlock.objects.get(audience=Audience.DOCTORS, link_url="/espace/")

    response = staff.post(
        reverse("admin:portal_hubblock_changelist") + f"?audience__exact=medecins&q={block.title}",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(block.pk),
            "form-0-position": "99",
            "_save": "Enregistrer",
        },
    )

    assert response.status_code == 302
    block.refresh_from_db()
    assert block.position == 99
    assert not block.is_published
    assert "Accéder à mon espace" not in client.get(reverse("hub_medecins")).content.decode()


def test_non_staff_user_cannot_edit_blocks(client):
    client.force_login(UserFactory.create(email="anne.durand@exemple.test"))
    block = HubBlock.objects.get(audience=Audience.DOCTORS, link_url="/espace/")

    listing = client.get(reverse("admin:portal_hubblock_changelist"))
    change = client.post(
        reverse("admin:portal_hubblock_change", args=[block.pk]),
        {"audience": "medecins", "kind": "navigation", "title": "Piraté", "position": "1"},
    )

    assert listing.status_code == 302
    assert client.get(listing["Location"]).status_code == 403
    assert change.status_code == 302
    block.refresh_from_db()
    assert block.title == "Mon espace"
