"""Queueing a task by its name, from a service, without importing the module that defines it.

Tasks import services (a task is a thin wrapper that takes ids and calls one); if services
imported tasks back, every service module would sit in an import cycle with its tasks. So a
service names the task (`"cotisations.tasks.send_payment_confirmation"`): the task object is
looked up only when it is queued. It is the task's own `delay`, not Celery's `send_task`, so
that tasks still run in-process where `CELERY_TASK_ALWAYS_EAGER` says so (`make run`, tests).
"""

from importlib import import_module
from typing import Any

from celery import Task
from django.db import transaction


def task_named(name: str) -> Task:
    """The task defined at the dotted path `name` (module path, then the task's name)."""
    module, _, attribute = name.rpartition(".")
    task = getattr(import_module(module), attribute)
    if not isinstance(task, Task):
        raise TypeError(f"{name} is not a Celery task")
    return task


def enqueue(name: str, *args: Any) -> None:
    """Queue the task `name` now (work that is not tied to a transaction's outcome)."""
    task_named(name).delay(*args)


def enqueue_on_commit(name: str, *args: Any) -> None:
    """Queue the task `name` once the current transaction commits (at once outside one), so
    that a worker never reads rows that are not there yet, nor acts on a rolled-back change."""
    transaction.on_commit(lambda: task_named(name).delay(*args))
