"""What the applicant reads before sending: every answer of every step, and what still lacks.

Each row names the step and the field that hold it, so a missing answer links to the very field
(`/etudiants/inscription/<step>/#id_<field>`) and a missing document to the upload form.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from accounts.selectors import department_label
from portal.french_format import french_date
from registrations.forms import STEP_FORMS, STEP_TITLES
from registrations.models import STEP_FIELDS, RegistrationDocument, RegistrationRequest
from registrations.services import REQUIRED_DOCUMENTS


@dataclass(frozen=True)
class Answer:
    label: str
    value: str  # "" when missing
    url: str  # the field on its step

    @property
    def missing(self) -> bool:
        return not self.value


@dataclass(frozen=True)
class StepSummary:
    slug: str
    title: str
    url: str
    answers: list[Answer]


@dataclass(frozen=True)
class MissingDocument:
    label: str
    url: str


@dataclass(frozen=True)
class Summary:
    steps: list[StepSummary]
    documents: list[RegistrationDocument]
    missing_documents: list[MissingDocument]

    @property
    def missing_answers(self) -> list[Answer]:
        return [answer for step in self.steps for answer in step.answers if answer.missing]

    @property
    def is_complete(self) -> bool:
        return not self.missing_answers and not self.missing_documents


def _display(registration: RegistrationRequest, field: str) -> str:
    value = getattr(registration, field)
    if value in (None, ""):
        return ""
    if field == "department":
        return department_label(code=value)
    if isinstance(value, datetime.date):
        return french_date(value)
    display = getattr(registration, f"get_{field}_display", None)
    return str(display() if display else value)


def registration_summary(
    *, registration: RegistrationRequest, documents: list[RegistrationDocument]
) -> Summary:
    steps = []
    for slug, fields in STEP_FIELDS.items():
        step_url = reverse("registrations:step", args=[slug])
        # Labels as the applicant saw them on the step (the forms refine the model's).
        form_fields = STEP_FORMS[slug].base_fields
        answers = [
            Answer(
                label=str(form_fields[field].label),
                value=_display(registration, field),
                url=f"{step_url}#id_{field}",
            )
            for field in fields
        ]
        steps.append(StepSummary(slug=slug, title=STEP_TITLES[slug], url=step_url, answers=answers))
    kinds = {document.kind for document in documents}
    upload_url = reverse("registrations:step", args=["documents"]) + "#id_kind"
    missing_documents = [
        MissingDocument(label=str(kind.label), url=upload_url)
        for kind in REQUIRED_DOCUMENTS
        if kind not in kinds
    ]
    return Summary(steps=steps, documents=documents, missing_documents=missing_documents)
