"""The dues' models, one module per idea; everything is importable from `cotisations.models`.

- `calls`: campaigns, tariffs, dues calls, their workflow and status history;
- `payments`: payments, checkouts (the provider's payment page) and the provider event ledger;
- `instalments`: instalment plans and their instalments;
- `reminders`: the log of reminders sent;
- `attestations`: proofs of payment checkable at /verifier/<code>/;
- `receipts`: receipt numbers, gap-free per year and council.
"""

from cotisations.models.attestations import Attestation
from cotisations.models.calls import (
    CALL_WORKFLOW,
    CATEGORY_OF_LEGAL_FORM,
    CATEGORY_OF_STATUS,
    COMPANY_CATEGORIES,
    TARIFF_CATEGORIES,
    CallStatus,
    Campaign,
    CampaignStatus,
    Category,
    DuesCall,
    DuesCallStatusChange,
    Tariff,
)
from cotisations.models.instalments import Instalment, InstalmentPlan, InstalmentStatus
from cotisations.models.payments import (
    Checkout,
    CheckoutMode,
    CheckoutStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProviderEvent,
)
from cotisations.models.receipts import Receipt, ReceiptCounter, receipt_number
from cotisations.models.reminders import ReminderKind, ReminderLog

__all__ = [
    "CALL_WORKFLOW",
    "CATEGORY_OF_LEGAL_FORM",
    "CATEGORY_OF_STATUS",
    "COMPANY_CATEGORIES",
    "TARIFF_CATEGORIES",
    "Attestation",
    "CallStatus",
    "Campaign",
    "CampaignStatus",
    "Category",
    "Checkout",
    "CheckoutMode",
    "CheckoutStatus",
    "DuesCall",
    "DuesCallStatusChange",
    "Instalment",
    "InstalmentPlan",
    "InstalmentStatus",
    "Payment",
    "PaymentMethod",
    "PaymentStatus",
    "ProviderEvent",
    "Receipt",
    "ReceiptCounter",
    "ReminderKind",
    "ReminderLog",
    "Tariff",
    "receipt_number",
]
