"""One transition mechanism for every status field of the portal.

A model declares, next to its status choices, the moves it allows:

    class SheetStatus(models.TextChoices): ...
    SHEET_WORKFLOW = Workflow(SheetStatus, {DRAFT: {REVIEW}, ...}, message="Une fiche …")

and its service moves an object with `workflow.move(obj, to)`, under the row lock it already
holds. A refused move is always a `TransitionError`, a `ValidationError`, so forms, the admin
and the API show its French message like any other validation error.

The history convention: `move` returns the `Move` (from, to); the service writes it, in the
same transaction, to the model's history (a row with `from_status`, `to_status`, the actor and
a note or reason: `DuesCallStatusChange`, `registrations.StatusChange`; a revision for guide
sheets; a step event for change requests). A model without a history (contact requests) keeps
its dates only.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class TransitionError(ValidationError):
    """A status change the workflow of the object does not allow."""


@dataclass(frozen=True)
class Move:
    from_status: str
    to_status: str


class Workflow:
    """The allowed moves between the values of `states`; `message` is the French sentence of
    a refusal, with `{current}` and `{target}` (the labels of the two states)."""

    def __init__(
        self,
        states: type[models.TextChoices],
        moves: Mapping[str, Iterable[str]],
        *,
        message: str,
        field: str = "status",
        code: str = "invalid_transition",
    ) -> None:
        if set(moves) != set(states.values):
            raise ValueError(f"{states.__name__}: every state needs its moves, and only those")
        unknown = {target for targets in moves.values() for target in targets} - set(states.values)
        if unknown:
            raise ValueError(f"{states.__name__}: moves to unknown states {sorted(unknown)}")
        self.states = states
        self.moves: dict[str, frozenset[str]] = {
            state: frozenset(targets) for state, targets in moves.items()
        }
        self.message = message
        self.field = field
        self.code = code

    def allowed(self, current: str) -> frozenset[str]:
        """Where an object in `current` may go."""
        return self.moves.get(current, frozenset())

    def label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def refusal(self, current: str, target: str) -> TransitionError:
        return TransitionError(
            self.message.format(current=self.label(current), target=self.label(target)),
            code=self.code,
        )

    def check(self, current: str, target: str) -> None:
        """Raise TransitionError unless `current` → `target` is allowed."""
        if target not in self.allowed(current):
            raise self.refusal(current, target)

    def move(self, obj: Any, target: str) -> Move:
        """Set the status of `obj` (not saved) if the workflow allows it; the Move for its
        history. The caller saves `obj` and writes the history in the same transaction."""
        current = getattr(obj, self.field)
        self.check(current, target)
        setattr(obj, self.field, target)
        return Move(from_status=current, to_status=target)
