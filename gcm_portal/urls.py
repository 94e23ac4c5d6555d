from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gcm_portal import views
from gcm_portal.accounts import views as account_views
from gcm_portal.api import errors as api_errors
from reporting import views as reporting_views

urlpatterns = [
    path("", reporting_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", account_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", account_views.two_factor_setup, name="two_factor_setup"),
    path("accounts/security/", account_views.account_security, name="account_security"),
    path("language/", account_views.language_switch, name="language_switch"),
    path("", include("objectives.urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("gcm_portal.api_urls")),
    path("healthz/", views.healthz, name="healthz"),
]

# Under /api/ these answer in the API's error shape; elsewhere they are Django's pages.
handler400 = api_errors.bad_request
handler403 = api_errors.permission_denied
handler500 = api_errors.server_error
