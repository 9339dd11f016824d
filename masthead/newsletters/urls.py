from django.urls import path

from .views import reader, webhooks

app_name = "newsletters"

urlpatterns = [
    path("", reader.signup_page, name="signup"),
    path("subscribe/", reader.subscribe, name="subscribe"),
    path("confirm/<str:token>/", reader.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", reader.unsubscribe, name="unsubscribe"),
    path("manage/", reader.manage, name="manage"),
    path("webhooks/bounces/", webhooks.bounces, name="bounces"),
    path("webhooks/bounces/<str:token>/", webhooks.bounces, name="bounces_token"),
]
