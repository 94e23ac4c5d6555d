from django.urls import path

from objectives import views

urlpatterns = [
    path("objectives/", views.objective_list, name="objective_list"),
    path("objectives/<int:number>/", views.objective_detail, name="objective_detail"),
    path("principles/", views.principle_list, name="principle_list"),
    path("strategy/", views.strategy_overview, name="strategy_overview"),
]
