"""Shares and versions together: a share follows the document to its current row (a new
version, an old one restored), the colleague reads the current version only, revocation and
the trash still end it, and the document's own journal shows what was shared."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.auth_helpers import force_mfa_login
from tests.vault.conftest import PDF
from tests.vault.helpers import store
from vault import services, sharing, versions
from vault.journal import JournalFilters, journal_page
from vault.models import AccessAction, Document, Share, ShareEnd

pytestmark = pytest.mark.django_db

V2 = b"%PDF-1.7\n" + b"version deux " * 80 + b"\n%%EOF\n"


@pytest.fixture
def ctx(doctor_user):
    return services.AccessContext(actor=doctor_user, ip="192.0.2.10")


@pytest.fixture
def colleague_client(colleague) -> Client:
    client = Client()
    force_mfa_login(client, colleague)
    return client


def share(owner, colleague, ctx, **kwargs):
    return sharing.share_create(owner=owner, rpps=colleague.doctor.rpps, ctx=ctx, **kwargs)


def download(client: Client, document: Document):
    return client.get(reverse("vault:download", args=[document.pk]))


def test_a_new_version_uploaded_on_the_page_is_what_the_colleague_downloads(
    doctor_client, doctor_user, colleague, colleague_client, ctx
):
    first = store(doctor_user, PDF, name="ecg.pdf")
    created = share(doctor_user, colleague, ctx, document=first)
    assert b"".join(download(colleague_client, first).streaming_content) == PDF
    doctor_client.post(
        reverse("vault:upload"),
        {
            "files": [SimpleUploadedFile("ecg-2.pdf", V2, content_type="application/pdf")],
            "version_of": str(first.pk),
        },
    )
    current = Document.objects.get(owner=doctor_user, version_of__isnull=True)
    created.refresh_from_db()
    assert created.document_id == current.pk
    assert created.is_live()
    # The colleague's list links to the current row, which streams the new content.
    page = colleague_client.get(reverse("vault:shared_with_me")).content.decode()
    assert reverse("vault:download", args=[current.pk]) in page
    assert reverse("vault:download", args=[first.pk]) not in page
    response = download(colleague_client, current)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == V2
    # The earlier version is not theirs to read, not even by its old link.
    assert download(colleague_client, first).status_code == 404
    # Revocation still ends it.
    doctor_client.post(reverse("vault:share_revoke", args=[created.pk]))
    created.refresh_from_db()
    assert created.end_reason == ShareEnd.REVOKED
    assert download(colleague_client, current).status_code == 404


def test_a_restored_version_takes_the_share_with_it(doctor_user, colleague, ctx):
    first = store(doctor_user, PDF, name="ecg.pdf")
    second = versions.version_add(document=store(doctor_user, V2), existing=first, ctx=ctx)
    created = share(doctor_user, colleague, ctx, document=second)
    restored = versions.version_restore(version=Document.objects.get(pk=first.pk), ctx=ctx)
    created.refresh_from_db()
    assert created.document_id == restored.pk == first.pk
    assert sharing.document_get_for_reader(user=colleague, document_id=first.pk) == restored
    with pytest.raises(Http404):
        sharing.document_get_for_reader(user=colleague, document_id=second.pk)
    sharing.share_revoke(share=created, ctx=ctx)
    with pytest.raises(Http404):
        sharing.document_get_for_reader(user=colleague, document_id=first.pk)


def test_ended_shares_move_too_so_deleting_an_old_version_keeps_the_history(
    doctor_user, colleague, ctx
):
    first = store(doctor_user, PDF, name="ecg.pdf")
    sharing.share_revoke(share=share(doctor_user, colleague, ctx, document=first), ctx=ctx)
    current = versions.version_add(document=store(doctor_user, V2), existing=first, ctx=ctx)
    versions.version_delete(version=Document.objects.get(pk=first.pk), ctx=ctx)
    (kept,) = sharing.shares_given(owner=doctor_user)
    assert (kept.document_id, kept.end_reason) == (current.pk, ShareEnd.REVOKED)


def test_a_folder_share_shows_the_current_versions_only(doctor_user, colleague, ctx):
    folder = services.folder_create(owner=doctor_user, name="Téléexpertise")
    first = store(doctor_user, PDF, name="ecg.pdf", folder=folder)
    share(doctor_user, colleague, ctx, folder=folder)
    current = versions.version_add(
        document=store(doctor_user, V2, name="ecg.pdf", folder=folder), existing=first, ctx=ctx
    )
    assert list(sharing.shared_documents(recipient=colleague)) == [current]
    [received] = sharing.shares_received_with_documents(recipient=colleague)
    assert received.documents == [current]
    with pytest.raises(Http404):
        sharing.document_get_for_reader(user=colleague, document_id=first.pk)


def test_joining_two_documents_shared_with_the_same_colleague_keeps_the_longer_share(
    doctor_user, colleague, ctx
):
    today = timezone.localdate()
    first = store(doctor_user, PDF, name="ecg.pdf")
    second = store(doctor_user, V2, name="ecg.pdf")
    longer = share(
        doctor_user, colleague, ctx, document=first, expires_on=today + datetime.timedelta(30)
    )
    share(doctor_user, colleague, ctx, document=second)  # 7 days
    current = versions.version_add(document=second, existing=first, ctx=ctx)
    (kept,) = Share.objects.all()
    assert (kept.pk, kept.document_id, kept.ended_at) == (longer.pk, current.pk, None)
    assert sharing.document_get_for_reader(user=colleague, document_id=current.pk) == current


def test_trashing_a_document_with_versions_ends_its_share(doctor_user, colleague, ctx):
    first = store(doctor_user, PDF, name="ecg.pdf")
    created = share(doctor_user, colleague, ctx, document=first)
    current = versions.version_add(document=store(doctor_user, V2), existing=first, ctx=ctx)
    services.document_trash(document=current, ctx=ctx)
    created.refresh_from_db()
    assert created.end_reason == ShareEnd.TRASHED
    assert not sharing.shared_documents(recipient=colleague).exists()
    assert not sharing.shares_received(recipient=colleague).exists()


def test_the_documents_journal_shows_its_shares_across_versions(
    doctor_client, doctor_user, colleague, colleague_client, ctx
):
    first = store(doctor_user, PDF, name="ecg.pdf")
    created = share(doctor_user, colleague, ctx, document=first)
    b"".join(download(colleague_client, first).streaming_content)
    current = versions.version_add(document=store(doctor_user, V2), existing=first, ctx=ctx)
    sharing.share_revoke(share=created, ctx=ctx)
    rows = journal_page(owner=doctor_user, filters=JournalFilters(document=current)).rows
    actions = [row.entry.action for row in rows]
    assert actions == [
        AccessAction.SHARE_END,
        AccessAction.VERSION_ADD,
        AccessAction.UPLOAD,  # the new version's content
        AccessAction.DOWNLOAD,
        AccessAction.SHARE,
        AccessAction.UPLOAD,
    ]
    page = doctor_client.get(reverse("vault:document", args=[current.pk])).content.decode()
    assert '<th scope="row">Partage</th>' in page
    assert '<th scope="row">Fin de partage</th>' in page
    # The colleague's download names them, marked as done through the share.
    assert "Dr Claire Dubois (partage)" in page
    journal = doctor_client.get(reverse("vault:journal")).content.decode()
    assert "ecg.pdf (avec le Dr Claire Dubois)" in journal
    assert "Dr Claire Dubois (partage)" in journal
