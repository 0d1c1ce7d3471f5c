from django.urls import path

from lagesbild.organisations import views

urlpatterns = [
    path("medlemmar/", views.member_list, name="member-list"),
    path("medlemmar/<int:pk>/", views.member_change, name="member-change"),
    path("medlemmar/<int:pk>/avsluta/", views.member_end, name="member-end"),
    path("medlemmar/<int:pk>/bjud-in/", views.member_invite, name="member-invite"),
    path("medlemmar/organisation/<int:pk>/", views.organisation_change, name="organisation-change"),
]
