from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("v1/", views.index, name="index"),
    path("v1/openapi.json", views.openapi_document, name="openapi"),
    path("v1/stories/", views.story_list, name="stories"),
    path("v1/stories/<int:story_id>/", views.story_detail, name="story"),
    path("v1/sections/", views.section_list, name="sections"),
    path("v1/authors/<slug:slug>/", views.author_detail, name="author"),
    # Anything else under /api/ is a JSON 404, not the site's HTML one.
    path("", views.not_found, name="not_found"),
    path("<path:rest>", views.not_found, name="not_found"),
]
