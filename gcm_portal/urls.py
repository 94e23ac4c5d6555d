"""The portal's addresses. Each app lists its own; this file names no app's code, only
where its addresses are (the project package imports no app)."""

from django.contrib import admin
from django.urls import include, path

from gcm_portal import views

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("gcm_portal.accounts.urls")),
    path("", include("objectives.urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("gcm_portal.api_urls")),
    path("healthz/", views.healthz, name="healthz"),
]

# Under /api/ these answer in the API's error shape; elsewhere they are Django's pages.
handler400 = "gcm_portal.api.errors.bad_request"
handler403 = "gcm_portal.api.errors.permission_denied"
handler500 = "gcm_portal.api.errors.server_error"
