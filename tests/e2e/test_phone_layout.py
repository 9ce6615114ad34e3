"""Every page of the journeys at 390 px (a phone) and 1280 px (a desktop): nothing scrolls
sideways, no control lies outside the screen, axe finds no WCAG 2.1 AA violation.

A page fails when `document.documentElement.scrollWidth` exceeds the viewport's width, or when a
visible link, button, field or summary lies (even partly) left or right of the viewport. A
control inside a container that scrolls sideways on its own (the admin's wide result lists) is
not cut: it is reached by scrolling that container, and is not counted.

Pages that other parts of the portal add (councils, contact, legal pages) are listed by URL
name: those that do not resolve yet are left out, and covered as soon as they exist.

`make screenshots` runs the phone half with SCREENSHOTS_DIR=docs/screens: the pages with a
screenshot name are saved there as PNG, full page.
"""

import datetime
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from cotisations.services.campaigns import campaign_open
from registrations.models import Specialty
from tests.auth_helpers import enable_totp, force_mfa_login
from tests.e2e.helpers import click_and_load, field, log_in_with_totp, submit_login
from tests.factories import DoctorFactory, RegistrationRequestFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"% attestation\n" * 40 + b"%%EOF\n"
# A long name without spaces: it must wrap, not push the page sideways.
LONG_NAME = "attestation-de-formation-continue-developpement-professionnel-2026-definitive.pdf"

LAYOUT_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.scrollWidth > p.clientWidth) return true;
    }
    return false;
  };
  const outside = [];
  for (const el of document.querySelectorAll('a, button, input, select, textarea, summary')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 && r.height <= 1) continue;  // not rendered, or visually hidden
    if (el.checkVisibility && !el.checkVisibility({contentVisibilityAuto: true})) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || (el.type === 'hidden')) continue;
    // A honeypot: hidden from assistive technology and out of the tab order, for bots only.
    if (el.closest('[aria-hidden="true"]') && el.tabIndex < 0) continue;
    if (r.left < -1 || r.right > vw + 1) {
      if (scrolls(el)) continue;
      const text = (el.innerText || el.value || el.name || el.getAttribute('href') || '');
      outside.push(`${el.tagName.toLowerCase()} «${text.trim().slice(0, 40)}» ` +
        `[${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
  }
  return {vw, sw: document.documentElement.scrollWidth, outside};
}"""


class Visit:
    """Goes to each page, checks its layout and axe, and collects what is wrong."""

    def __init__(self, page: Any, accessible: Any, width: str) -> None:
        self.page, self.accessible, self.width = page, accessible, width
        self.problems: list[str] = []
        self.visited: list[str] = []

    def check(self, label: str, shot: str = "") -> None:
        url = self.page.url
        self.visited.append(url)
        layout = self.page.evaluate(LAYOUT_JS)
        if layout["sw"] > layout["vw"]:
            self.problems.append(
                f"{label} ({url}): scrolls sideways, {layout['sw']} px > {layout['vw']} px"
            )
        for control in layout["outside"]:
            self.problems.append(f"{label} ({url}): outside the screen: {control}")
        try:
            self.accessible(f"{label} at {self.width}")
        except AssertionError as error:
            self.problems.append(str(error))
        if SCREENSHOTS and shot and self.width == "phone":
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(folder / f"{shot}.png"), full_page=True)

    def go(self, url: str, label: str, *, shot: str = "", status: int = 200) -> None:
        response = self.page.goto(url)
        if response is not None and response.status != status:
            self.problems.append(f"{label} ({url}): HTTP {response.status}, expected {status}")
        self.check(label, shot)

    def names(self, names: list[tuple[str, list[Any], str]]) -> None:
        """Pages by URL name; the names other parts of the portal have not built yet are
        left out."""
        for name, args, label in names:
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:
                continue
            self.go(url, label)

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems)


@pytest.fixture(params=list(WIDTHS))
def visit(request: pytest.FixtureRequest, page: Any, accessible: Any) -> Visit:
    width, height = WIDTHS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return Visit(page, accessible, request.param)


PUBLIC_PAGES_BUILT_ELSEWHERE = [
    ("councils:list", [], "conseils"),
    ("councils:detail", ["CNOM"], "conseil national"),
    ("contact:form", [], "contact"),
    ("legal:mentions", [], "mentions légales"),
    ("legal:personal_data", [], "données personnelles"),
    ("legal:accessibility", [], "accessibilité"),
    ("legal:cookies", [], "cookies"),
    ("legal:site_map", [], "plan du site"),
    ("roll:change_request_list", [], "demandes de modification"),
    ("roll:change_request_create", [], "nouvelle demande de modification"),
]


def test_anonymous_pages(visit: Visit, shipped_guides: None) -> None:
    entry = DoctorFactory(
        first_name="Marie-Bernadette",
        last_name="Castelnau-Delacroix-Montmorency",
        specialty="Chirurgie orthopédique et traumatologique",
        city="Saint-Rémy-de-Provence",
    )
    DoctorFactory(last_name="Castelnau", city="Lyon")

    visit.go("/", "accueil", shot="accueil")
    for name, label in (
        ("hub_medecins", "médecins"),
        ("hub_patients", "patients"),
        ("hub_etudiants", "étudiants"),
    ):
        visit.go(reverse(name), label)
    visit.go(reverse("guides:index"), "guides")
    click_and_load(visit.page, visit.page.locator("main a[href^='/guides/']").first)
    visit.check("un guide")
    click_and_load(
        visit.page,
        visit.page.locator("main a[href^='/guides/'][href$='/']")
        .filter(has_text=re.compile(r"\w"))
        .last,
    )
    visit.check("une fiche", shot="fiche")
    visit.go(reverse("guides:assistant") + "?q=combien+de+temps+garder+un+dossier", "assistant")
    visit.go(reverse("directory_search") + "?q=castelnau", "annuaire", shot="annuaire")
    visit.go(reverse("directory_entry", args=[entry.rpps]), "fiche de l’annuaire")
    visit.go(
        reverse("cotisations:verify", args=["ABCD-EFGH-IJKL"]),
        "attestation introuvable",
        status=404,
    )
    visit.go(reverse("account_login"), "connexion", shot="connexion")
    visit.go(reverse("account_signup"), "inscription")
    visit.go(reverse("account_reset_password"), "mot de passe oublié")
    visit.go("/cette-page-n-existe-pas/", "page introuvable", status=404, shot="erreur-404")
    visit.names(PUBLIC_PAGES_BUILT_ELSEWHERE)
    visit.assert_clean()


def test_doctor_pages(visit: Visit, tmp_path: Path) -> None:
    from cotisations.models import Attestation

    entry = DoctorFactory.create(first_name="Marie-Bernadette", last_name="Castelnau")
    user = UserFactory.create(
        email="marie-bernadette.castelnau-delacroix@cabinet-medical-saint-remy.exemple.test",
        doctor=entry,
    )
    secret = enable_totp(user)
    campaign_open(year=datetime.date.today().year)
    page = visit.page

    log_in_with_totp(page, visit.accessible, user.email, secret)
    visit.check("mon espace", shot="espace")
    visit.go(reverse("cotisations:space"), "mes cotisations, à payer")
    page.get_by_role("button", name=re.compile(r"^Payer .* en une fois$")).click()
    page.wait_for_url(re.compile(r"/paiement-test/"))
    visit.check("page de paiement (test)")
    page.get_by_role("button", name="Payer", exact=True).click()
    page.wait_for_url(re.compile(r"/espace/cotisations/retour/"))
    visit.check("retour du paiement")
    visit.go(reverse("cotisations:space"), "mes cotisations et règlements", shot="cotisations")
    attestation = Attestation.objects.get(call__doctor=user.doctor)
    visit.go(reverse("cotisations:verify", args=[attestation.code]), "attestation vérifiée")

    visit.go(reverse("vault:index"), "coffre vide")
    for name in (LONG_NAME, "ordonnance-type.pdf"):
        path = tmp_path / name
        path.write_bytes(PDF)
        field(page, "Fichiers").set_input_files(str(path))
        click_and_load(page, page.get_by_role("button", name="Déposer"))
        assert re.search(r"/espace/coffre/$", page.url), page.url
    visit.check("coffre avec documents", shot="coffre")
    details = page.get_by_role("link", name=re.compile("^Détails, versions et journal"))
    click_and_load(page, details.first)
    visit.check("modifier un document")
    visit.go(reverse("vault:index"), "coffre")
    click_and_load(page, page.get_by_role("button", name=re.compile("^Mettre à la corbeille")).last)
    visit.go(reverse("vault:trash"), "corbeille", shot="corbeille")
    visit.go(reverse("vault:journal"), "journal des accès", shot="journal")
    visit.go(reverse("vault:index"), "coffre")
    click_and_load(page, page.get_by_role("link", name=re.compile("^Partager")).first)
    visit.check("partager un document")
    field(page, "Numéro RPPS de votre confrère").fill(entry.rpps)
    click_and_load(page, page.get_by_role("button", name="Partager", exact=True))
    visit.check("partage refusé (son propre numéro)")
    visit.go(reverse("vault:shares"), "mes partages")
    visit.go(reverse("vault:shared_with_me"), "partagés avec moi")
    visit.go(reverse("ereputation:home"), "analyser un avis", shot="e-reputation")

    visit.go(reverse("api_tokens"), "jeton d’API")
    visit.go(reverse("privacy:data"), "télécharger mes données")
    click_and_load(page, page.get_by_role("button", name="Préparer mon archive"))
    visit.check("mes données, archive prête", shot="mes-donnees")
    visit.go(reverse("privacy:close"), "fermer mon compte", shot="fermer-mon-compte")
    for name, label in (
        ("mfa_index", "double authentification"),
        ("mfa_generate_recovery_codes", "codes de récupération"),
        ("mfa_list_webauthn", "clés de sécurité"),
        ("mfa_deactivate_totp", "désactiver l’application"),
        ("account_email", "adresses électroniques"),
        ("account_change_password", "changer de mot de passe"),
    ):
        visit.go(reverse(name), label)
    visit.assert_clean()


def test_student_pages(visit: Visit, tmp_path: Path, specialties: None) -> None:
    student = UserFactory.create(email="camille.lefevre@exemple.test")
    page = visit.page

    page.goto(f"/compte/login/?next={reverse('registrations:start')}")
    submit_login(page, student.email)
    page.wait_for_url(re.compile(r"/etudiants/inscription/$"))
    visit.check("première inscription")
    visit.go(reverse("claim_start"), "rattacher mon compte")
    RegistrationRequestFactory.create(
        complete=True,
        user=student,
        email=student.email,
        specialty=Specialty.objects.order_by("pk").first(),
    )
    for step in ("identite", "etudes", "coordonnees"):
        visit.go(reverse("registrations:step", args=[step]), f"étape {step}")
    visit.go(reverse("registrations:step", args=["documents"]), "documents à déposer")
    documents = (("identity", "carte-nationale-d-identite-recto-verso.pdf"), ("studies", LONG_NAME))
    for kind, name in documents:
        path = tmp_path / name
        path.write_bytes(PDF)
        field(page, "Nature du document").select_option(kind)
        field(page, "Fichier").set_input_files(str(path))
        click_and_load(page, page.get_by_role("button", name="Déposer ce document"))
    visit.check("documents déposés", shot="inscription-documents")
    page.get_by_role("link", name="Relire ma demande").click()
    page.wait_for_url(re.compile(r"/recapitulatif/$"))
    visit.check("récapitulatif", shot="inscription-recapitulatif")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(re.compile(r"/etudiants/inscription/suivi/$"))
    visit.check("suivi de la demande", shot="inscription-suivi")
    visit.go(reverse("privacy:data"), "télécharger mes données (étudiant)")
    visit.go(reverse("privacy:close"), "fermer mon compte (étudiant)")
    visit.assert_clean()


def _project_changelists() -> list[str]:
    root = str(settings.BASE_DIR)
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_config.path.startswith(root)
    ]


def _staff_records(tmp_path: Path) -> list[Any]:
    """One record of each kind a staff journey opens: a registration to review, a contact
    request, a change request with its document, a payment in three instalments, a doctor."""
    from contact.services import contact_request_create
    from cotisations.models import Instalment, Payment
    from registrations.models import RegistrationRequest, RegistrationStatus
    from tests.roll.change_helpers import claimed_doctor, filed_request

    user, doctor = claimed_doctor("anne.moreau@exemple.test", first_name="Anne")
    change = filed_request(user, doctor, with_document=True)
    contact = contact_request_create(
        topic="cotisation",
        department="69",
        name="Claire Martin",
        email="claire.martin@exemple.test",
        message="Puis-je régler ma cotisation en trois fois\u00a0?",
    )
    student = UserFactory.create(email="camille.lefevre@exemple.test")
    registration = RegistrationRequestFactory.create(
        complete=True, user=student, email=student.email, specialty=None
    )
    RegistrationRequest.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.SUBMITTED
    )
    year = datetime.date.today().year
    campaign_open(year=year)
    client = Client()
    force_mfa_login(client, user)
    checkout = client.post(f"/espace/cotisations/{year}/payer/", {"mode": "instalments"})
    client.post(checkout["Location"], {"outcome": "pay", "card": "ok"})
    instalment = Instalment.objects.order_by("pk").first()
    return [registration, contact, change, Payment.objects.get(), instalment, doctor]


def test_staff_pages(visit: Visit, tmp_path: Path, shipped_guides: None) -> None:
    from guides.models import Guide, Sheet

    records = _staff_records(tmp_path)
    records += [Guide.objects.order_by("pk").first(), Sheet.objects.order_by("pk").first()]
    staff = UserFactory.create(email="redaction@ordre.test", staff=True)
    secret = enable_totp(staff)

    log_in_with_totp(visit.page, visit.accessible, staff.email, secret, next_url="/admin/")
    visit.check("administration", shot="admin-accueil")
    changelists = _project_changelists()
    assert len(changelists) >= 15
    for url in changelists:
        visit.go(url, f"liste {url}")
    for record in records:
        assert record is not None
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        visit.go(url, f"fiche {url}")
    visit.assert_clean()


def test_menu_is_a_button_on_phones_and_inline_on_desktops(visit: Visit) -> None:
    page = visit.page
    page.goto("/")
    toggle = page.locator(".main-nav__toggle")
    link = page.locator(".main-nav").get_by_role("link", name="Patients", exact=True)
    if visit.width == "desktop":
        assert not toggle.is_visible()
        assert link.is_visible()
        return
    assert toggle.is_visible()
    assert not link.is_visible()
    # By keyboard: Tab to the summary, Enter opens it, the links follow in the Tab order.
    toggle.focus()
    page.keyboard.press("Enter")
    assert link.is_visible()
    visit.check("menu ouvert", shot="menu-ouvert")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Médecins"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert not link.is_visible()
    visit.assert_clean()


def test_directory_results_start_on_the_first_screen(visit: Visit) -> None:
    for n in range(3):
        DoctorFactory(last_name="Durand", city=f"Ville {n}")
    visit.page.goto(reverse("directory_search") + "?q=durand")
    heading = visit.page.locator("#results-title").bounding_box()
    first = visit.page.locator(".directory-list > li").first.bounding_box()
    height = WIDTHS[visit.width][1]
    assert heading is not None
    assert first is not None
    assert heading["y"] < height, heading
    assert first["y"] < height, first
