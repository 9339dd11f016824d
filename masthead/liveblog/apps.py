from django.apps import AppConfig


class LiveBlogConfig(AppConfig):
    name = "masthead.liveblog"
    label = "liveblog"
    verbose_name = "Live blogs"
