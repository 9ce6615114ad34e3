"""factory_boy factories for every model the tests build, one module per area.

`from tests.factories import X` for all of them. Users come from `UserFactory` only (see its
traits); every account's password is `TEST_PASSWORD`.
"""

from tests.factories.accounts import (
    TEST_PASSWORD,
    ClaimChallengeFactory,
    TokenFactory,
    UserFactory,
)
from tests.factories.contact import ContactRequestFactory
from tests.factories.cotisations import (
    InstalmentFactory,
    InstalmentPlanFactory,
    PaymentFactory,
    open_call,
)
from tests.factories.guides import (
    AssistantFeedbackFactory,
    GuideFactory,
    SheetFactory,
    UnansweredQuestionFactory,
)
from tests.factories.portal import HubBlockFactory
from tests.factories.registrations import RegistrationRequestFactory
from tests.factories.roll import (
    CompanyFactory,
    CompanyPartnerFactory,
    DoctorFactory,
    factory_rpps,
    factory_siren,
)
from tests.factories.vault import AccessLogEntryFactory, stored_document

__all__ = [
    "TEST_PASSWORD",
    "AccessLogEntryFactory",
    "AssistantFeedbackFactory",
    "ClaimChallengeFactory",
    "CompanyFactory",
    "CompanyPartnerFactory",
    "ContactRequestFactory",
    "DoctorFactory",
    "GuideFactory",
    "HubBlockFactory",
    "InstalmentFactory",
    "InstalmentPlanFactory",
    "PaymentFactory",
    "RegistrationRequestFactory",
    "SheetFactory",
    "TokenFactory",
    "UnansweredQuestionFactory",
    "UserFactory",
    "factory_rpps",
    "factory_siren",
    "open_call",
    "stored_document",
]
