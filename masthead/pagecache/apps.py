from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "masthead.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from .signal_handlers import register_signal_handlers
        from .surrogates import install_link_recorder

        register_signal_handlers()
        install_link_recorder()
