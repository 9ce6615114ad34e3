"""The doctor's direct-debit pages: choose a plan, accept the mandate, follow it; thin views."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from cotisations import selectors as dues_selectors
from debits import documents, selectors
from debits.forms import AccountForm, PlanForm
from debits.services.mandates import MANDATE_TEXT_VERSION, account_check
from debits.services.plans import (
    plan_account_change,
    plan_cancel,
    plan_choice_check,
    plan_create,
    plan_preview,
    plan_renewal_set,
    plan_setup_check,
)
from portal import ratelimit
from portal.downloads import private_attachment
from portal.french_format import french_date
from portal.http import post_only


def _doctor_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind login_required
    if user.doctor_id is None:
        raise Http404
    return user


def _sepa_file_on() -> None:
    if settings.DIRECT_DEBIT_PROVIDER != "sepa_file":
        raise Http404


def _add_errors(form: AccountForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_setup(request: HttpRequest, year: int) -> HttpResponse:
    """Step 1, the choices and the account; step 2 (`step=preview`), the schedule and the
    mandate's text to accept; `step=accept` records both."""
    _sepa_file_on()
    user = _doctor_user(request)
    call = dues_selectors.dues_call_get(user=user, year=year)
    try:
        plan_setup_check(call=call)
    except ValidationError as exc:
        for message in exc.messages:
            messages.info(request, message)
        return redirect("cotisations:space")
    form = PlanForm(request.POST or None)
    context = {"call": call, "form": form, "mandate_text_version": MANDATE_TEXT_VERSION}
    if request.method == "GET" or not form.is_valid():
        return render(request, "debits/setup.html", context)
    data = form.cleaned_data
    try:
        kind, day = plan_choice_check(kind=data["kind"], collection_day=data["collection_day"])
        account = account_check(debtor_name=data["debtor_name"], iban=data["iban"], bic=data["bic"])
    except ValidationError as exc:
        _add_errors(form, exc)
        return render(request, "debits/setup.html", context)
    context.update(
        account=account,
        schedule=plan_preview(call=call, kind=kind, collection_day=day),
        kind_label=dict(form.fields["kind"].choices)[kind],  # type: ignore[attr-defined]
    )
    if request.POST.get("step") != "accept":
        return render(request, "debits/confirm.html", context)
    try:
        plan = plan_create(
            user=user,
            call_id=call.pk,
            kind=kind,
            collection_day=day,
            debtor_name=data["debtor_name"],
            iban=data["iban"],
            bic=data["bic"],
            renew=data["renew"],
            accepted=request.POST.get("accept") == "on",
            ip=ratelimit.client_ip(request),
        )
    except ValidationError as exc:
        context["accept_error"] = (
            exc.message_dict.get("accept", [""])[0]
            if hasattr(exc, "error_dict")
            else " ".join(exc.messages)
        )
        return render(request, "debits/confirm.html", context)
    messages.success(
        request,
        "Votre mandat de prélèvement est enregistré. L’échéancier vous a été envoyé par courriel.",
    )
    return redirect("debits:plan", plan.pk)


@login_required
@never_cache
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _doctor_user(request)
    plan = selectors.plan_get(user=user, plan_id=plan_id)
    return render(
        request,
        "debits/plan.html",
        {"plan": plan, "debits": selectors.debit_list(plan=plan), "call": plan.call},
    )


@post_only(redirect_to="cotisations:space")
@login_required
def plan_stop(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _doctor_user(request)
    plan = selectors.plan_get(user=user, plan_id=plan_id)
    try:
        in_flight = plan_cancel(user=user, plan_id=plan.pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("debits:plan", plan.pk)
    text = (
        "Le prélèvement est arrêté. Le solde reste à régler avant le "
        f"{french_date(plan.call.campaign.deadline)} par carte, chèque ou virement."
    )
    if in_flight:
        text += (
            " Un prélèvement déjà transmis à la banque sera encore débité ; il sera déduit "
            "du solde."
        )
    messages.success(request, text)
    return redirect("debits:plan", plan.pk)


@post_only(redirect_to="cotisations:space")
@login_required
def plan_renewal(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _doctor_user(request)
    plan = selectors.plan_get(user=user, plan_id=plan_id)
    renew = request.POST.get("renew") == "1"
    try:
        plan_renewal_set(user=user, plan_id=plan.pk, renew=renew)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            "Le prélèvement sera reconduit l’an prochain."
            if renew
            else "Le prélèvement ne sera pas reconduit l’an prochain.",
        )
    return redirect("debits:plan", plan.pk)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_account(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A new account: a new mandate (new RUM) to accept; debits not yet sent move to it."""
    user = _doctor_user(request)
    plan = selectors.plan_get(user=user, plan_id=plan_id)
    form = AccountForm(request.POST or None)
    context = {
        "plan": plan,
        "call": plan.call,
        "form": form,
        "mandate_text_version": MANDATE_TEXT_VERSION,
    }
    if request.method == "POST" and form.is_valid():
        try:
            plan_account_change(
                user=user,
                plan_id=plan.pk,
                debtor_name=form.cleaned_data["debtor_name"],
                iban=form.cleaned_data["iban"],
                bic=form.cleaned_data["bic"],
                accepted=request.POST.get("accept") == "on",
                ip=ratelimit.client_ip(request),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                "Votre nouveau mandat est enregistré. L’échéancier mis à jour vous a été envoyé.",
            )
            return redirect("debits:plan", plan.pk)
    return render(request, "debits/account.html", context)


@login_required
@require_GET
def mandate_download(request: HttpRequest, mandate_id: int) -> HttpResponse:
    user = _doctor_user(request)
    mandate = selectors.mandate_get(user=user, mandate_id=mandate_id)
    return private_attachment(
        documents.mandate_pdf(mandate=mandate),
        filename=f"mandat-prelevement-{mandate.reference}.pdf",
        content_type="application/pdf",
    )
