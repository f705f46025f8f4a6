from django.urls import path

from claims.pages import adjudication, agreement, analytics, exports, members, review, sources, views

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("projects/<int:project_id>/", views.document_list, name="documents"),
    path("projects/<int:project_id>/review/", review.review_queue, name="review"),
    path("projects/<int:project_id>/sources/", sources.sources_page, name="sources"),
    path("projects/<int:project_id>/export/", exports.export_page, name="export"),
    path("projects/<int:project_id>/members/", members.members_page, name="members"),
    path("projects/<int:project_id>/agreement/", agreement.agreement_page, name="agreement"),
    path("projects/<int:project_id>/analytics/", analytics.analytics_page, name="analytics"),
    path("documents/<int:document_id>/", views.annotate, name="annotate"),
    path("documents/<int:document_id>/adjudicate/", adjudication.adjudication_page, name="adjudicate"),
]
