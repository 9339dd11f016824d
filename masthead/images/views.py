import mimetypes
import posixpath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.static import serve
from wagtail.images.views.images import CreateView
from wagtail.permissions import policy_registry

from .models import NewsImage


class NewsImageCreateView(CreateView):
    """Wagtail's upload view, telling the editor when the file's metadata was
    ignored (the photo itself is still stored)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        for note in getattr(form, "metadata_notes", ()):
            messages.warning(self.request, note)
        return response


def original_file(request, image_id: int):
    """An original upload, for staff who may edit or choose that image (issue 17).

    Originals are never served under /media/ (renditions are); this admin URL is
    the one way to the full file, never cached and always a download."""
    image = get_object_or_404(NewsImage, pk=image_id)
    policy = policy_registry.get_by_type(NewsImage)
    if not policy.user_has_any_permission_for_instance(
        request.user, ["change", "choose"], image
    ):
        raise PermissionDenied
    try:
        handle = image.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The original file is missing.") from None
    name = image.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


RENDITIONS_FOLDER = "images/"


def public_media(request, path: str):
    """Renditions under /media/, for embedded mode (production serves them from the
    proxy or the bucket). The path is normalised first: ``images/../original_images/…``
    names an original, and originals are never public (issue 17)."""
    normalised = posixpath.normpath(path.replace("\\", "/"))
    if not normalised.startswith(RENDITIONS_FOLDER) or ".." in normalised.split("/"):
        raise Http404("Not a rendition.")
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
