"""portal.workflow: one transition mechanism for dues calls, registrations, guide sheets,
contact requests and roll change requests."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from contact.models import CONTACT_WORKFLOW
from cotisations.models import CALL_WORKFLOW, CallStatus
from guides.models import SHEET_WORKFLOW
from portal.workflow import Move, TransitionError, Workflow
from registrations.models import REGISTRATION_WORKFLOW
from roll.models_changes import CHANGE_WORKFLOW


class Light(models.TextChoices):
    RED = "red", "Rouge"
    GREEN = "green", "Vert"


def _lights() -> Workflow:
    return Workflow(
        Light,
        {Light.RED: {Light.GREEN}, Light.GREEN: set()},
        message="Un feu «\u00a0{current}\u00a0» ne passe pas au «\u00a0{target}\u00a0».",
    )


class Lamp:
    status = Light.GREEN


def test_a_refused_move_is_a_validation_error_and_changes_nothing():
    lamp = Lamp()
    with pytest.raises(ValidationError) as caught:
        _lights().move(lamp, Light.RED)
    assert isinstance(caught.value, TransitionError)
    assert caught.value.messages == [
        "Un feu «\u00a0Vert\u00a0» ne passe pas au «\u00a0Rouge\u00a0»."
    ]
    assert caught.value.code == "invalid_transition"
    assert lamp.status == Light.GREEN


def test_an_allowed_move_sets_the_status_and_returns_it_for_the_history():
    lamp = Lamp()
    lamp.status = Light.RED
    assert _lights().move(lamp, Light.GREEN) == Move(from_status="red", to_status="green")
    assert lamp.status == Light.GREEN


def test_an_unknown_target_is_refused_by_name():
    lamp = Lamp()
    lamp.status = Light.RED
    with pytest.raises(TransitionError) as caught:
        _lights().move(lamp, "blue")
    assert caught.value.messages == [
        "Un feu «\u00a0Rouge\u00a0» ne passe pas au «\u00a0blue\u00a0»."
    ]


def test_a_declaration_must_cover_every_state_with_known_targets():
    with pytest.raises(ValueError, match="every state"):
        Workflow(Light, {Light.RED: {Light.GREEN}}, message="")
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(Light, {Light.RED: {"blue"}, Light.GREEN: set()}, message="")


@pytest.mark.parametrize(
    "workflow",
    [CALL_WORKFLOW, REGISTRATION_WORKFLOW, SHEET_WORKFLOW, CONTACT_WORKFLOW, CHANGE_WORKFLOW],
    ids=["dues call", "registration", "guide sheet", "contact request", "change request"],
)
def test_every_status_field_uses_the_one_mechanism(workflow):
    assert isinstance(workflow, Workflow)
    # French typography in every refusal: non-breaking spaces inside « ».
    current, *_ = workflow.states.values
    message = workflow.refusal(current, current).messages[0]
    assert "«\u00a0" in message
    assert "\u00a0»" in message


def test_the_old_error_names_are_the_one_error():
    from cotisations.services import calls
    from guides import services as guides
    from registrations import services as registrations
    from roll.services import changes

    assert calls.TransitionError is TransitionError
    assert guides.TransitionError is TransitionError
    assert registrations.TransitionRefused is TransitionError
    assert changes.TransitionRefused is TransitionError


def test_paid_calls_go_back_only_through_a_refund():
    assert CALL_WORKFLOW.allowed(CallStatus.PAID) == {CallStatus.OPEN, CallStatus.PARTIALLY_PAID}
