from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import views
from claims.api.negotiation import FormatQueryNegotiation

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("sources", views.SourceViewSet, basename="source")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("jobs", views.JobViewSet, basename="job")

# Swagger UI styles itself inline; its script still comes from /static/ only.
allow_inline_style = csp_update({"style-src": [UNSAFE_INLINE]})
api_docs = allow_inline_style(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path(
        "schema/",
        SpectacularAPIView.as_view(content_negotiation_class=FormatQueryNegotiation),
        name="api-schema",
    ),
    path("docs/", api_docs, name="api-docs"),
    path("", include(router.urls)),
]
