"""A real `celery worker` process, on Redis, runs a task against the test database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ClaimChallenge
from accounts.tasks import purge_expired_claim_challenges
from tests.factories import ClaimChallengeFactory, UserFactory
from tests.waiting import wait_until

pytestmark = [
    pytest.mark.services,
    # Restore the rows data migrations made (hub blocks, beat schedule) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_worker_process_purges_expired_claim_challenges(celery_worker_process):
    user = UserFactory.create()
    long_ago = timezone.now() - timedelta(days=3)
    expired = ClaimChallengeFactory.create(user=user, created_at=long_ago, expires_at=long_ago)
    live = ClaimChallengeFactory.create(user=user)

    result = purge_expired_claim_challenges.delay()
    assert result.id

    assert wait_until(lambda: not ClaimChallenge.objects.filter(pk=expired.pk).exists()), (
        "the worker did not run the task"
    )
    assert ClaimChallenge.objects.filter(pk=live.pk).exists()
    assert celery_worker_process.poll() is None
