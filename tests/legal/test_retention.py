"""The daily retention purge: rows older than their processing's period go, younger stay."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from guides.models import AssistantFeedback, UnansweredQuestion
from legal import services, tasks
from legal.processing import Processing, processing_get
from tests.factories import (
    AccessLogEntryFactory,
    AssistantFeedbackFactory,
    UnansweredQuestionFactory,
    UserFactory,
)
from vault.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _age(model, pk, field, days):
    model.objects.filter(pk=pk).update(**{field: timezone.now() - datetime.timedelta(days=days)})


def test_access_log_and_assistant_questions_are_kept_twelve_months():
    owner = UserFactory.create()
    old_log = AccessLogEntryFactory.create(owner=owner)
    young_log = AccessLogEntryFactory.create(owner=owner)
    _age(AccessLogEntry, old_log.pk, "at", 366)
    _age(AccessLogEntry, young_log.pk, "at", 364)
    old_q = UnansweredQuestionFactory.create()
    young_q = UnansweredQuestionFactory.create()
    _age(UnansweredQuestion, old_q.pk, "last_asked_at", 400)
    _age(UnansweredQuestion, young_q.pk, "last_asked_at", 10)
    old_f = AssistantFeedbackFactory.create()
    young_f = AssistantFeedbackFactory.create()
    _age(AssistantFeedback, old_f.pk, "created_at", 366)

    result = tasks.retention_purge.delay().get()

    assert result["vault.access_log"] == 1
    assert result["guides.assistant"] == 2
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [young_log.pk]
    assert list(UnansweredQuestion.objects.values_list("pk", flat=True)) == [young_q.pk]
    assert list(AssistantFeedback.objects.values_list("pk", flat=True)) == [young_f.pk]


def test_running_twice_deletes_nothing_more():
    owner = UserFactory.create()
    entry = AccessLogEntryFactory.create(owner=owner)
    _age(AccessLogEntry, entry.pk, "at", 500)
    services.retention_purge_run()
    again = {r.key: r.deleted for r in services.retention_purge_run()}
    assert again["vault.access_log"] == 0


def test_periods_come_from_the_declarations():
    assert processing_get("vault.access_log").retention_days == 365
    assert processing_get("guides.assistant").retention_days == 365
    assert processing_get("contact.requests").retention_days == 3 * 365


def test_a_failing_purge_does_not_stop_the_others(monkeypatch, caplog):
    broken = Processing(
        key="tests.broken",
        name="Cassé",
        purpose="Test",
        legal_basis="Test",
        data=("x",),
        retention="1 jour",
        recipients=("personne",),
        retention_days=1,
        purge="legal.tests_do_not_exist.purge",
    )
    real = services.processing_list()
    monkeypatch.setattr(services, "processing_list", lambda: (broken, *real))
    owner = UserFactory.create()
    entry = AccessLogEntryFactory.create(owner=owner)
    _age(AccessLogEntry, entry.pk, "at", 500)

    with pytest.raises(RuntimeError, match=r"tests\.broken"):
        services.retention_purge_run()

    assert not AccessLogEntry.objects.exists()
    assert "Retention purge of tests.broken failed" in caplog.text


def test_the_purge_is_scheduled_every_day():
    task = PeriodicTask.objects.get(task="legal.tasks.retention_purge")
    assert task.enabled
    assert task.crontab.hour == "3"
    assert task.crontab.day_of_week == "*"
