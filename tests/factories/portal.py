"""Blocks of the audience hubs."""

import factory
from factory.django import DjangoModelFactory

from portal.models import Audience, HubBlock, HubBlockKind


class HubBlockFactory(DjangoModelFactory[HubBlock]):
    class Meta:
        model = HubBlock

    audience = Audience.PATIENTS
    kind = HubBlockKind.NAVIGATION
    title = factory.Sequence(lambda n: f"Bloc de test {n}")
    body = "Un texte court qui dit ce que l’on trouve derrière ce lien."
    link_url = "/"
    link_label = factory.Sequence(lambda n: f"Ouvrir le bloc {n}")
    position = 100
    is_published = True
