from rest_framework.routers import SimpleRouter

from objectives.api import views

router = SimpleRouter()
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("principles", views.PrincipleViewSet, basename="principle")
router.register("strategy-actions", views.StrategyActionViewSet, basename="strategy-action")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("disaggregations", views.DisaggregationDimensionViewSet, basename="disaggregation")

urlpatterns = router.urls
