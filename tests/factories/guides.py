"""Guides, their sheets, and what visitors tell the assistant."""

import factory
from factory.django import DjangoModelFactory

from guides.models import AssistantFeedback, Guide, Sheet, SheetStatus, UnansweredQuestion


class GuideFactory(DjangoModelFactory[Guide]):
    class Meta:
        model = Guide

    slug = factory.Sequence(lambda n: f"guide-{n}")
    title = factory.Sequence(lambda n: f"Guide numéro {n}")
    summary = "Un guide d’essai."
    audiences = factory.LazyFunction(lambda: ["medecins"])


class SheetFactory(DjangoModelFactory[Sheet]):
    """A draft sheet (publish it through guides.services.sheet_transition)."""

    class Meta:
        model = Sheet

    guide = factory.SubFactory(GuideFactory)
    slug = factory.Sequence(lambda n: f"fiche-{n}")
    title = factory.Sequence(lambda n: f"Fiche numéro {n}")
    summary = "Une fiche d’essai."
    body_markdown = "## Première partie\n\nUn texte simple.\n"
    status = SheetStatus.DRAFT


class UnansweredQuestionFactory(DjangoModelFactory[UnansweredQuestion]):
    """A question the assistant could not answer, as staff see it in the admin."""

    class Meta:
        model = UnansweredQuestion

    normalized = factory.Sequence(lambda n: f"question sans reponse {n}")
    text = factory.Sequence(lambda n: f"Question sans réponse n° {n}\u00a0?")


class AssistantFeedbackFactory(DjangoModelFactory[AssistantFeedback]):
    """A visitor's « utile / pas utile » on an answer."""

    class Meta:
        model = AssistantFeedback

    question = factory.Sequence(lambda n: f"Question n° {n}\u00a0?")
    helpful = True
