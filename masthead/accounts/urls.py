"""Masthead's own account endpoints; allauth's URLs sit beside them under /accounts/."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_overview, name="overview"),
    path("state/", views.account_state, name="state"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
]
