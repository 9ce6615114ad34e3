"""A framework version an application used is read-only in admin, with its domains and criteria."""

from types import SimpleNamespace

from django.contrib import admin
from django.test import RequestFactory

from appregister.admin_framework import CriterionInline, DomainInline
from appregister.models import Criterion, Domain, FrameworkVersion


def test_each_admin_reaches_the_version_and_refuses_changes_once_frozen():
    frozen = SimpleNamespace(is_frozen=True)
    domain = SimpleNamespace(version=frozen)
    criterion = SimpleNamespace(domain=domain)
    request = RequestFactory().get("/")
    cases = [
        (admin.site._registry[FrameworkVersion], frozen),
        (admin.site._registry[Domain], domain),
        (admin.site._registry[Criterion], criterion),
        (DomainInline(FrameworkVersion, admin.site), frozen),
        (CriterionInline(Domain, admin.site), domain),
    ]
    for model_admin, obj in cases:
        assert model_admin.version_of(obj) is frozen, model_admin
        assert model_admin.has_change_permission(request, obj) is False, model_admin
        assert model_admin.has_delete_permission(request, obj) is False, model_admin
