from django.urls import path

from lagesbild.reports import (
    views,
    views_batch,
    views_export,
    views_import,
    views_mapping,
    views_own,
    views_review,
)

urlpatterns = [
    path("rapporter/ny/", views.report_create, name="report-create"),
    path("rapporter/ny/flera/", views_batch.report_batch, name="report-batch"),
    path("granska/", views_review.review_queue, name="review-queue"),
    path("granska/godkann-alla/", views_review.review_accept_all, name="review-accept-all"),
    path("granska/sla-ihop/", views_review.review_merge, name="review-merge"),
    path("granska/<int:pk>/godkann/", views_review.review_accept, name="review-accept"),
    path("granska/<int:pk>/ratta/", views_review.review_correct, name="review-correct"),
    path("granska/<int:pk>/avvisa/", views_review.review_reject, name="review-reject"),
    path("rapporter/", views.report_list, name="report-list"),
    path("rapporter/export.<str:fmt>", views_export.report_export, name="report-export"),
    path("rapporter/<int:pk>/", views.report_detail, name="report-detail"),
    path("rapporter/<int:pk>/andra/", views_own.report_change, name="report-change"),
    path("rapporter/<int:pk>/aterkalla/", views_own.report_withdraw, name="report-withdraw"),
    path("rapporter/import/", views_import.report_import, name="report-import"),
    path("rapporter/import/mappningar/", views_mapping.mapping_list, name="report-mappings"),
    path("rapporter/import/mappningar/ny/", views_mapping.mapping_edit, name="report-mapping-new"),
    path(
        "rapporter/import/mappningar/<int:pk>/",
        views_mapping.mapping_edit,
        name="report-mapping-edit",
    ),
    path(
        "rapporter/import/mappningar/<int:pk>/ta-bort/",
        views_mapping.mapping_delete,
        name="report-mapping-delete",
    ),
    path(
        "rapporter/import/mall.csv",
        views_import.import_template_csv,
        name="report-import-template-csv",
    ),
    path(
        "rapporter/import/mall.xlsx",
        views_import.import_template_xlsx,
        name="report-import-template-xlsx",
    ),
]
