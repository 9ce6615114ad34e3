"""Contact requests (councils are the shipped ones: `tests.roll.change_helpers.paris_council`)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from contact.models import ContactRequest, Topic
from contact.services import contact_reference


class ContactRequestFactory(DjangoModelFactory[ContactRequest]):
    """A received request with its own reference; `contact_request_create` is the real path
    (counter, council routing, acknowledgement): use this one for rows around the test's."""

    class Meta:
        model = ContactRequest

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    sequence = factory.Sequence(lambda n: 900_000 + n)
    reference = factory.LazyAttribute(lambda r: contact_reference(year=r.year, sequence=r.sequence))
    topic = Topic.OTHER
    department = "75"
    name = "Claire Martin"
    email = "claire.martin@exemple.test"
    message = "Bonjour, une question d’essai."
