from django.urls import path

from . import views

app_name = "readership"

urlpatterns = [
    path("most-read/", views.most_read_fragment, name="most_read"),
    path(
        "most-read/<slug:section_slug>/",
        views.most_read_fragment,
        name="most_read_section",
    ),
]
