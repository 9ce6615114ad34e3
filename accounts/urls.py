from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.doctor_space, name="doctor_space"),
    path("rattacher/", views.claim_start_view, name="claim_start"),
    path("rattacher/code/", views.claim_confirm_view, name="claim_confirm"),
    path("jetons/", views.api_tokens, name="api_tokens"),
    path("jetons/revoquer/", views.api_token_revoke_view, name="api_token_revoke"),
]
