"""Label numbers under concurrency (PostgreSQL): six grants at once, each in its own
transaction and connection, get six consecutive numbers of the year, none skipped."""

import datetime
import threading

import pytest
from django.db import connection

from appregister.models import Label
from appregister.services import decisions
from tests.appregister.helpers import application_sent, assessed, publisher_create


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_grants_get_consecutive_numbers(postgres, council, body, assessor):
    files = [
        assessed(
            application_sent(publisher_create(email=f"e{n}@exemple.test", company=f"É{n}")),
            staff=council,
            body=body,
            assessor=assessor,
        )
        for n in range(6)
    ]
    barrier = threading.Barrier(len(files))
    errors: list[Exception] = []

    def grant(application_id: int) -> None:
        try:
            barrier.wait()
            decisions.application_grant(
                application_id=application_id, staff=council, today=datetime.date(2027, 4, 1)
            )
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(a.pk,)) for a in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(Label.objects.values_list("number", flat=True))
    assert numbers == [f"ODM-APP-2027-{n:04d}" for n in range(1, 7)]
