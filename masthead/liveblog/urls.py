from django.urls import path

from . import views

app_name = "liveblog"

urlpatterns = [
    path("<int:page_id>/entries.json", views.latest_entries, name="entries"),
]
