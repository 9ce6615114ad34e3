"""Factories of the guides app."""

import factory
from factory.django import DjangoModelFactory

from guides.models import Guide, Sheet, SheetStatus


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
