"""R1 #6: a download is exactly the authenticated plaintext, or it fails visibly.

From the attacker's side: someone who can write the database (not the objects or the keys)
changes a document's size column. Before the fix the HTTP response announced the database's
length and the client received a complete-looking 200 with other bytes (0 bytes for a
64 KiB document). Tried over real HTTP (the live server), as a browser would download.
"""

import os

import pytest
import requests
from django.conf import settings as django_settings
from django.test import Client

from tests.auth_helpers import force_mfa_login
from tests.factories import UserFactory
from vault import services
from vault.models import AccessAction, AccessLogEntry, Document

pytestmark = pytest.mark.django_db(transaction=True)

SEGMENT = 64 * 1024


def _download(live_server, user, document) -> tuple[int | None, bytes, bool]:
    """(status, body bytes received, whether the transfer completed as announced)."""
    client = Client()
    force_mfa_login(client, user)
    session = requests.Session()
    session.cookies.set(django_settings.SESSION_COOKIE_NAME, client.cookies["sessionid"].value)
    url = f"{live_server.url}/espace/coffre/documents/{document.pk}/telecharger/"
    try:
        # A cut stream leaves the live server's connection open (gunicorn closes it): a short
        # read timeout stands for the browser seeing the transfer stop.
        response = session.get(url, timeout=5, stream=True)
        body = b"".join(response.iter_content(8192))
    except requests.exceptions.RequestException:
        return None, b"", False
    announced = response.headers.get("Content-Length")
    complete = response.status_code == 200 and announced is not None and int(announced) == len(body)
    return response.status_code, body, complete


def _store(user, content: bytes) -> Document:
    ctx = services.AccessContext(actor=user, ip="127.0.0.1")
    return services.document_store_chunks(
        owner=user, file_name="ordonnance.pdf", chunks=[content], ctx=ctx
    )


@pytest.mark.parametrize(
    ("length", "recorded"),
    [
        (SEGMENT, 0),  # the reviewer's case: 0 bytes announced for 64 KiB
        (SEGMENT, SEGMENT - 1),
        (SEGMENT, SEGMENT + 10),
        (3 * SEGMENT + 5, SEGMENT),  # several segments, announced shorter
        (3 * SEGMENT + 5, 3 * SEGMENT + 6),  # several segments, announced longer
    ],
)
def test_a_size_column_that_disagrees_never_gives_a_complete_wrong_download(
    live_server, length, recorded
):
    user = UserFactory.create(with_doctor=True, with_totp=True)
    content = b"%PDF-1.7\n" + os.urandom(length - 9)
    document = _store(user, content)
    Document.objects.filter(pk=document.pk).update(size=recorded)

    status, body, complete = _download(live_server, user, document)

    assert not (complete and body != content), "a complete-looking download with other bytes"
    assert not complete, f"status {status}, {len(body)} bytes presented as the whole document"
    assert content.startswith(body) or body == b"" or status != 200
    assert AccessLogEntry.objects.filter(
        document_id=document.pk, action=AccessAction.INTEGRITY_FAILURE
    ).exists()


def test_an_untouched_document_downloads_whole(live_server):
    user = UserFactory.create(with_doctor=True, with_totp=True)
    content = b"%PDF-1.7\n" + os.urandom(2 * SEGMENT + 123)
    document = _store(user, content)

    status, body, complete = _download(live_server, user, document)

    assert (status, complete) == (200, True)
    assert body == content
