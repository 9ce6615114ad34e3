"""Two doctors in two browsers: Dr Martin shares a report with Dr Dubois, who downloads it from
« Partagés avec moi »; Dr Martin ends the share and Dr Dubois's download answers 404.

Each page passes axe, fits 390 px and 1280 px without sideways scrolling, and is saved as PNG
(var/e2e/vault-share/, or SHARE_SHOTS_DIR) at both widths.
"""

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from tests.auth_helpers import enable_totp
from tests.conftest import ROOT
from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import click_and_load, field, log_in_with_totp
from tests.factories import DoctorFactory, UserFactory, stored_document
from vault.models import AccessAction, AccessLogEntry

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(os.environ.get("SHARE_SHOTS_DIR", ROOT / "var" / "e2e" / "vault-share"))
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"% compte rendu\n" * 40 + b"%%EOF\n"
NAME = "compte-rendu-echographie-cardiaque.pdf"
WIDTHS = {390: 844, 1280: 900}


def look(page: Any, axe_source: str, name: str) -> None:
    """axe, no sideways scroll at either width, a full-page PNG at each."""
    assert_accessible(page, axe_source, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1], f"{name} scrolls sideways at {width} px: {sizes}"
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_share_download_revoke_then_404(page, browser, live_server, axe_source):
    owner = UserFactory.create(
        email="paul.martin@exemple.test",
        doctor=DoctorFactory.create(first_name="Paul", last_name="Martin"),
    )
    colleague = UserFactory.create(
        email="claire.dubois@exemple.test",
        doctor=DoctorFactory.create(first_name="Claire", last_name="Dubois"),
    )
    unclaimed = DoctorFactory.create(first_name="Marc", last_name="Petit")
    owner_secret, colleague_secret = enable_totp(owner), enable_totp(colleague)
    document = stored_document(owner, file_name=NAME, content=PDF)

    def accessible(label: str = "") -> None:
        assert_accessible(page, axe_source, label)

    # Dr Martin opens the share form from the vault's list.
    log_in_with_totp(page, accessible, owner.email, owner_secret, next_url="/espace/coffre/")
    click_and_load(page, page.get_by_role("link", name=f"Partager {NAME}"))
    look(page, axe_source, "share-form")

    # A colleague without an account: a clear refusal on the field, nothing shared.
    field(page, "Numéro RPPS de votre confrère").fill(unclaimed.rpps)
    click_and_load(page, page.get_by_role("button", name="Partager", exact=True))
    error = page.locator(".field--error").first
    assert "Le Dr Marc Petit n’a pas de compte actif" in error.inner_text()
    look(page, axe_source, "share-form-refused")

    field(page, "Numéro RPPS de votre confrère").fill(colleague.doctor.rpps)
    field(page, "Message pour votre confrère (facultatif)").fill(
        "Bonjour Claire, votre avis sur ce tracé ? Merci."
    )
    click_and_load(page, page.get_by_role("button", name="Partager", exact=True))
    assert f"«\u00a0{NAME}\u00a0» est partagé avec le Dr Claire Dubois" in page.inner_text("main")
    look(page, axe_source, "share-form-shared")
    [email] = [m for m in mail.outbox if m.to == [colleague.email]]
    assert "Le Dr Paul Martin a partagé un document avec vous" in email.subject

    # Dr Dubois, in a browser of her own, finds it in « Partagés avec moi » and downloads it.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    other = context.new_page()
    other.set_default_timeout(15_000)
    try:

        def other_accessible(label: str = "") -> None:
            assert_accessible(other, axe_source, label)

        log_in_with_totp(
            other, other_accessible, colleague.email, colleague_secret, next_url="/espace/coffre/"
        )
        click_and_load(other, other.get_by_role("link", name="Partagés avec moi"))
        main = other.inner_text("main")
        assert "Partagé par le Dr Paul Martin" in main
        assert "votre avis sur ce tracé" in main
        look(other, axe_source, "shared-with-me")
        with other.expect_download() as download_info:
            other.get_by_role("link", name=f"Télécharger {NAME}").click()
        download = download_info.value
        assert download.suggested_filename == NAME
        assert Path(download.path()).read_bytes() == PDF
        download_url = f"/espace/coffre/documents/{document.pk}/telecharger/"

        # Dr Martin sees the download in his journal, then ends the share.
        page.goto("/espace/coffre/journal/")
        assert re.search(r"Dr Claire Dubois\s*\(partage\)", page.inner_text("main"))
        look(page, axe_source, "owner-journal")
        click_and_load(page, page.get_by_role("link", name="Mes partages"))
        look(page, axe_source, "my-shares")
        click_and_load(
            page,
            page.get_by_role(
                "button", name=f"Mettre fin au partage de {NAME} avec Dr Claire Dubois"
            ),
        )
        assert "est terminé" in page.inner_text("main")
        assert "Révoqué par le titulaire" in page.inner_text("main")
        look(page, axe_source, "my-shares-ended")

        # Dr Dubois: the same link now answers 404, and her list is empty.
        response = other.goto(download_url)
        assert response is not None
        assert response.status == 404
        other.goto("/espace/coffre/partages-avec-moi/")
        assert "Aucun document n’est partagé avec vous" in other.inner_text("main")
        look(other, axe_source, "shared-with-me-empty")
        other.goto("/espace/coffre/journal/")
        look(other, axe_source, "recipient-journal")
    finally:
        context.close()

    for user in (owner, colleague):
        actions = set(
            AccessLogEntry.objects.filter(owner=user, via="partage").values_list(
                "action", flat=True
            )
        )
        assert actions == {AccessAction.SHARE, AccessAction.DOWNLOAD, AccessAction.SHARE_END}
