"""Admin: partners' API keys under Settings. A new key is shown once, on the page
that follows its creation; afterwards only its first characters are visible."""

from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ApiKey
from .services import fill_new_api_key


class ApiKeyCreateView(CreateView):
    def save_instance(self):
        self.raw_key = fill_new_api_key(self.form.instance)
        return super().save_instance()

    def save_action(self):
        response = TemplateResponse(
            self.request,
            "api/key_created.html",
            {
                "key": self.object,
                "raw_key": self.raw_key,
                "index_url": self.get_success_url(),
                "page_title": "API key created",
                "header_icon": "key",
            },
        )
        response["Cache-Control"] = "no-store"  # the key must not be kept anywhere
        return response


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = "API keys"
    add_to_settings_menu = True
    add_view_class = ApiKeyCreateView
    # A copy would carry the original's hash: a new key is always made afresh.
    copy_view_enabled = False
    form_fields = ["name", "rate_limit_per_minute", "revoked"]
    list_display = ["name", "prefix", "rate_limit_per_minute", "revoked", "created_at"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix"]


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("api_keys")
