from django.urls import path

from reporting import views

urlpatterns = [
    path("cycles/", views.cycle_list, name="cycle_list"),
]
