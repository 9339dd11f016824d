from django.contrib import messages
from wagtail.images.views.images import CreateView


class NewsImageCreateView(CreateView):
    """Wagtail's upload view, telling the editor when the file's metadata was
    ignored (the photo itself is still stored)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        for note in getattr(form, "metadata_notes", ()):
            messages.warning(self.request, note)
        return response
