from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gcm_portal.accounts import views as account_views
from reporting import views as reporting_views

urlpatterns = [
    path("", reporting_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", account_views.language_switch, name="language_switch"),
    path("", include("objectives.urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
