"""The journal: device summaries, runs of views grouped, filters, per-document view, pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.vault.helpers import CTX, store
from vault import services
from vault.journal import (
    JournalFilters,
    device_summary,
    journal_entries,
    journal_page,
    journal_rows,
)
from vault.models import AccessAction, AccessLogEntry
from vault.services import AccessContext

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (FIREFOX_WINDOWS, "Firefox sur Windows"),
        (SAFARI_IPHONE, "Safari sur iPhone"),
        (EDGE_WINDOWS, "Edge sur Windows"),
        (CHROME_ANDROID, "Chrome sur Android"),
        ("curl/8.5.0", "curl"),
        ("", ""),
        ("Gibberish/1.0", ""),
    ],
)
def test_device_summary(agent, summary):
    assert device_summary(agent) == summary


def log(owner, action=AccessAction.VIEW, at=None, ctx=CTX, document=None):
    entry = services.access_log_record(owner=owner, action=action, ctx=ctx, document=document)
    if at is not None:
        AccessLogEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def at(hour, minute, day=0):
    local = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)
    return local - datetime.timedelta(days=day)


def rows_of(owner, **filters):
    return list(journal_rows(journal_entries(owner=owner, filters=JournalFilters(**filters))))


def test_seven_list_views_are_one_row(doctor_user):
    for minute in (2, 3, 5, 7, 9, 11, 12):
        log(doctor_user, at=at(14, minute))
    (row,) = rows_of(doctor_user)
    assert row.count == 7
    nb = "\u00a0"
    expected = f"Consultation de la liste, 7{nb}fois entre 14{nb}h{nb}02 et 14{nb}h{nb}12"
    assert row.summary == expected


def test_runs_break_on_another_action_place_device_or_day(doctor_user):
    document = store(doctor_user, name="a.pdf")  # an upload, now
    AccessLogEntry.objects.filter(action=AccessAction.UPLOAD).update(at=at(9, 30, day=2))
    log(doctor_user, at=at(10, 0, day=2))
    log(doctor_user, at=at(10, 1, day=2))
    log(doctor_user, at=at(10, 2, day=1))  # next day: a new run
    log(doctor_user, AccessAction.DOWNLOAD, at=at(10, 3, day=1), document=document)
    log(doctor_user, at=at(10, 4, day=1))
    log(doctor_user, at=at(10, 5, day=1), ctx=AccessContext(ip="198.51.100.7"))  # elsewhere
    log(doctor_user, at=at(10, 6, day=1), ctx=AccessContext(ip="192.0.2.1", device="Safari"))
    log(doctor_user, at=at(10, 7, day=1), ctx=AccessContext(ip="192.0.2.1", device="Safari"))
    counts = [(row.entry.action, row.count) for row in rows_of(doctor_user)]
    assert counts == [
        ("view", 2),  # Safari
        ("view", 1),  # another address
        ("view", 1),
        ("download", 1),
        ("view", 1),
        ("view", 2),
        ("upload", 1),
    ]


def test_downloads_are_never_grouped(doctor_user):
    document = store(doctor_user, name="a.pdf")
    for minute in (1, 2, 3):
        log(doctor_user, AccessAction.DOWNLOAD, at=at(11, minute), document=document)
    assert [row.count for row in rows_of(doctor_user, action="download")] == [1, 1, 1]


def test_filters_by_document_action_and_period(doctor_user, other_doctor_user):
    a = store(doctor_user, name="a.pdf")
    b = store(doctor_user, name="b.pdf")
    services.document_rename(document=a, display_name="a2.pdf", ctx=CTX)
    old = log(doctor_user, AccessAction.DOWNLOAD, document=b)
    AccessLogEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    store(other_doctor_user, name="a.pdf")
    assert [r.entry.action for r in rows_of(doctor_user, document=a)] == ["rename", "upload"]
    assert [r.entry.document_name for r in rows_of(doctor_user, action="upload")] == [
        "b.pdf",
        "a.pdf",
    ]
    today = timezone.localdate()
    since = rows_of(doctor_user, since=today - datetime.timedelta(days=1))
    assert AccessAction.DOWNLOAD not in [r.entry.action for r in since]
    until = rows_of(doctor_user, until=today - datetime.timedelta(days=30))
    assert [r.entry.pk for r in until] == [old.pk]
    # An unknown action is no filter at all; another owner's entries never appear.
    assert len(rows_of(doctor_user, action="nimporte")) == 4
    assert all(r.entry.owner_id == doctor_user.pk for r in rows_of(doctor_user))


def test_pages_are_cut_between_runs(doctor_user):
    for minute in range(10):
        log(doctor_user, at=at(8, minute))  # one run of ten
        log(doctor_user, AccessAction.EXPORT, at=at(8, minute, day=1))
    first = journal_page(owner=doctor_user, size=3)
    assert [row.count for row in first.rows] == [10, 1, 1]
    second = journal_page(owner=doctor_user, size=3, before=first.next_before)
    assert [row.entry.action for row in second.rows] == ["export"] * 3
    seen = {row.entry.pk for row in first.rows} | {row.entry.pk for row in second.rows}
    assert len(seen) == 6


def test_global_journal_page_groups_filters_and_shows_device(doctor_client, doctor_user):
    document = store(doctor_user, name="diplome.pdf")
    for _ in range(3):
        doctor_client.get(reverse("vault:index"), HTTP_USER_AGENT=FIREFOX_WINDOWS)
    url = reverse("vault:journal")
    page = doctor_client.get(url).content.decode()
    assert "Consultation de la liste, 3\u00a0fois entre" in page
    assert "Firefox sur Windows" in page
    rows = doctor_client.get(url, {"document": document.pk}).context["page"].rows
    assert [row.entry.action for row in rows] == ["upload"]
    page = doctor_client.get(url, {"action": "download"}).content.decode()
    assert "Aucun accès enregistré" in page
    # Another doctor's document in the filter is refused by the form: nothing of theirs shows.
    theirs = store(UserFactory.create(with_doctor=True), name="secret.pdf")
    response = doctor_client.get(url, {"document": theirs.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert "secret.pdf" not in response.content.decode()
    # A cursor that is not one, or not this doctor's, starts from the top.
    assert doctor_client.get(url, {"avant": "x"}).status_code == 200


def test_journal_cursor_of_another_owner_is_ignored(doctor_client, doctor_user, other_doctor_user):
    store(doctor_user, name="mien.pdf")
    theirs = log(other_doctor_user, AccessAction.EXPORT)
    page = doctor_client.get(reverse("vault:journal"), {"avant": theirs.pk}).content.decode()
    assert "mien.pdf" in page


def test_document_page_has_its_journal_with_device_and_address(doctor_client, doctor_user):
    document = store(doctor_user, name="diplome.pdf")
    doctor_client.get(reverse("vault:download", args=[document.pk]), HTTP_USER_AGENT=SAFARI_IPHONE)
    services.document_rename(document=document, display_name="diplome-2.pdf", ctx=CTX)
    page = doctor_client.get(
        reverse("vault:document", args=[document.pk]), HTTP_USER_AGENT=SAFARI_IPHONE
    ).content.decode()
    assert "Journal de ce document" in page
    for text in ("Téléchargement", "Renommage", "Dépôt", "Safari sur iPhone", "192.0.2.1"):
        assert text in page, text
    # Opening the page is an access too.
    assert AccessLogEntry.objects.filter(
        document=document, action=AccessAction.OPEN, device="Safari sur iPhone"
    ).exists()


def test_retention_purge_still_removes_old_entries(doctor_user):
    old = log(doctor_user, at=timezone.now() - datetime.timedelta(days=400))
    kept = log(doctor_user)
    assert services.access_log_purge() == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
