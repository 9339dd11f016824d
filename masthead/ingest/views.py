"""The admin Import screen: paste, upload or give a URL → preview → create drafts.

The document is kept between the preview and the "Create" press in a file under
the data directory, named by a signed token, so what is created is exactly what
was previewed.
"""

from __future__ import annotations

import json
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.permission_policies.pages import PagePermissionPolicy

from masthead.sections.models import SectionPage

from . import sources
from .parsers import ParsedArticle
from .planning import plan_document
from .report import ImportFailed
from .sections import find_sections_open_to

_SALT = "masthead.ingest.upload"
_KEEP_SECONDS = 24 * 3600


class ImportForm(forms.Form):
    text = forms.CharField(
        label="Paste text or HTML",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="Text, HTML, an RSS/Atom feed or a WordPress export (.xml).",
    )
    url = forms.URLField(
        label="…or give a web address", required=False, assume_scheme="https"
    )
    section = forms.ModelChoiceField(
        queryset=SectionPage.objects.none(), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = find_sections_open_to(user)

    def clean(self):
        data = super().clean()
        given = [name for name in ("text", "file", "url") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError(
                "Give exactly one of: pasted text, a file, or a web address."
            )
        return data


def can_import(user) -> bool:
    """Import creates article drafts, so it takes Wagtail's page "add" permission
    (a Photo editor, who may not add pages, may not import either)."""
    return PagePermissionPolicy().user_has_permission(user, "add")


def import_view(request):
    if not can_import(request.user):
        # A real 403: Wagtail would turn PermissionDenied into a redirect to the
        # dashboard, which hides the refusal from scripts and tests alike.
        return permission_denied(request, PermissionDenied("may not add pages"))
    if request.method == "POST" and request.POST.get("action") == "create":
        return _create(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "page_title": "Import", "header_icon": "download"}
    if request.method == "POST" and form.is_valid():
        try:
            document = _read_document(form.cleaned_data)
            result = sources.parse_document(document)
        except ImportFailed as exc:
            form.add_error(None, str(exc))
        else:
            context.update(
                preview=_preview(result, plan_document(document, result)),
                token=_store(document),
                section=form.cleaned_data["section"],
            )
    return TemplateResponse(request, "ingest/import.html", context)


def _read_document(data) -> sources.SourceDocument:
    if data.get("url"):
        return sources.read_source(data["url"])
    if data.get("file"):
        upload = data["file"]
        content = upload.read(sources.get_max_bytes() + 1)
        return sources.read_bytes(content, upload.name)
    return sources.read_bytes(data["text"].encode("utf-8"), "pasted text")


def _preview(result, plan) -> dict:
    """The parsed items with what will happen to each (``plan``), in order."""
    items = sources.describe_parsed(result)
    items = items if isinstance(items, list) else [items]
    return {
        "items": [
            {**_with_layout(item), "plan": step}
            for item, step in zip(items, plan.items, strict=True)
        ],
        "is_batch": not isinstance(result, ParsedArticle),
        "removed_count": sum(len(item["removed"]) for item in items),
        "plan": plan,
        "creates": plan.count("create"),
        "updates": plan.count("update"),
        "skips": plan.count("skip"),
        "fails": plan.count("fail"),
    }


def _with_layout(item: dict) -> dict:
    """Paragraphs with the figures placed before the paragraph they precede."""
    rows = []
    for index, paragraph in enumerate([*item["paragraphs"], None]):
        rows += [
            {"figure": figure}
            for figure in item["figures"]
            if figure["position"] == index
        ]
        if paragraph is not None:
            rows.append({"paragraph": paragraph})
    return {**item, "rows": rows}


def _upload_dir():
    folder = settings.DATA_DIR / "ingest-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _store(document: sources.SourceDocument) -> str:
    folder = _upload_dir()
    for old in folder.glob("*"):
        if old.stat().st_mtime < time.time() - _KEEP_SECONDS:
            old.unlink(missing_ok=True)
    key = secrets.token_hex(16)
    (folder / f"{key}.bin").write_bytes(document.data)
    meta = {"name": document.name, "kind": document.kind, "url": document.url}
    (folder / f"{key}.json").write_text(json.dumps(meta), encoding="utf-8")
    return signing.dumps(key, salt=_SALT)


def _load(token: str) -> tuple[str, sources.SourceDocument]:
    key = signing.loads(token, salt=_SALT, max_age=_KEEP_SECONDS)
    folder = _upload_dir()
    meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    data = (folder / f"{key}.bin").read_bytes()
    return key, sources.SourceDocument(data=data, **meta)


def _create(request):
    try:
        key, document = _load(request.POST.get("token", ""))
        section = find_sections_open_to(request.user).get(
            pk=request.POST.get("section")
        )
    except (signing.BadSignature, OSError, ValueError, SectionPage.DoesNotExist):
        messages.error(request, "That preview has expired; please import again.")
        return redirect("masthead_import")
    report = sources.import_document(document, section=section, user=request.user)
    for name in (f"{key}.bin", f"{key}.json"):
        (_upload_dir() / name).unlink(missing_ok=True)
    for item, reason in report.failed:
        messages.error(request, f"{item}: {reason}")
    for note in report.notes[:10]:
        messages.warning(request, note)
    if report.created or report.updated or report.skipped:
        messages.success(request, f"Import finished: {report.summary()}.")
    return redirect(reverse("wagtailadmin_explore", args=[section.pk]))
