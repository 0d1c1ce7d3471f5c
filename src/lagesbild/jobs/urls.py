from django.urls import path

from lagesbild.jobs import views

urlpatterns = [
    path("jobb/", views.job_list, name="job-list"),
    path("jobb/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobb/<int:pk>/status.json", views.job_status, name="job-status"),
    path("jobb/<int:pk>/fil", views.job_download, name="job-download"),
]
