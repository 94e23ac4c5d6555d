from django.contrib.auth import views as auth_views
from django.urls import path

from gcm_portal.accounts import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/security/", views.account_security, name="account_security"),
    path("language/", views.language_switch, name="language_switch"),
]
