"""Editors' views: compose (a Wagtail ModelViewSet), preview, test, schedule,
and the subscriber CSV export and import. Thin: the services do the work."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..forms import ImportForm, ScheduleForm
from ..models import Issue, NewsletterList, Subscriber
from ..services import compose, csv_io, sending
from ..services.mail import UNSUBSCRIBE_PLACEHOLDER, render_issue
from ..tasks import send_test_issue_task

RECENT_STORIES = 200


class IssueForm(WagtailAdminModelForm):
    fill_from_top_stories = forms.BooleanField(
        required=False,
        label="Fill from the day's top stories",
        help_text="Replaces the stories picked below with the most read of the day "
        "(or the newest).",
    )

    class Meta:
        model = Issue
        fields = ["newsletter", "subject", "intro", "is_alert", "stories"]
        widgets = {"stories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from masthead.articles.models import ArticlePage

        # The newest stories to pick from, plus those already picked (a 100,000
        # story archive in one <select> would be no use to anyone).
        recent = list(
            ArticlePage.objects.live()
            .order_by("-first_published_at")
            .values_list("pk", flat=True)[:RECENT_STORIES]
        )
        if self.instance.pk:
            recent += list(self.instance.stories.values_list("pk", flat=True))
        self.fields["stories"].queryset = ArticlePage.objects.filter(
            pk__in=recent
        ).order_by("-first_published_at")
        self.fields["stories"].required = False

    def clean(self):
        data = super().clean()
        newsletter = data.get("newsletter")
        if data.get("is_alert"):
            if newsletter and newsletter.kind != NewsletterList.Kind.BREAKING:
                self.add_error("newsletter", "An alert goes to a breaking-news list.")
            if not data.get("stories"):
                self.add_error("stories", "Pick the story the alert is about.")
        if self.instance.pk and self.instance.status not in (
            Issue.Status.DRAFT,
            Issue.Status.SCHEDULED,
        ):
            raise forms.ValidationError("This issue has been sent; it can't change.")
        return data


class AfterSaveMixin:
    def save_instance(self):
        instance = super().save_instance()
        if instance.created_by_id is None:
            Issue.objects.filter(pk=instance.pk).update(created_by=self.request.user)
        if self.form.cleaned_data.get("fill_from_top_stories"):
            compose.fill_from_top_stories(issue=instance)
        return instance

    def get_success_url(self):
        return reverse("newsletters_admin:send", args=[self.object.pk])


class IssueCreateView(AfterSaveMixin, generic.CreateView):
    pass


class IssueEditView(AfterSaveMixin, generic.EditView):
    pass


class IssueViewSet(ModelViewSet):
    model = Issue
    form_fields = ["newsletter", "subject", "intro", "is_alert", "stories"]
    icon = "mail"
    menu_label = "Newsletter issues"
    menu_order = 880
    add_to_admin_menu = True
    copy_view_enabled = False
    add_view_class = IssueCreateView
    edit_view_class = IssueEditView
    list_display = ["subject", "newsletter", "status", "send_at", "send_link"]
    list_filter = ["status", "newsletter"]

    def get_form_class(self, for_update=False):
        return IssueForm


class NewsletterListViewSet(ModelViewSet):
    model = NewsletterList
    form_fields = [
        "name",
        "slug",
        "kind",
        "description",
        "section",
        "is_active",
        "position",
    ]
    icon = "list-ul"
    menu_label = "Newsletter lists"
    menu_order = 881
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["name", "slug", "kind", "is_active"]


def _require(request, codename: str) -> None:
    if not request.user.has_perm(f"newsletters.{codename}"):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def send(request, pk: int):
    """Preview, test, fill and schedule one issue."""
    _require(request, "change_issue")
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    schedule_form = ScheduleForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "test":
            address = request.user.email
            if address:
                send_test_issue_task.enqueue(issue.pk, address)
                messages.success(request, f"A test copy is on its way to {address}.")
            else:
                messages.error(request, "Your account has no email address.")
            return redirect("newsletters_admin:send", pk=issue.pk)
        if action == "fill" and issue.status == Issue.Status.DRAFT:
            count = compose.fill_from_top_stories(issue=issue)
            messages.success(request, f"Filled with {count} stories.")
            return redirect("newsletters_admin:send", pk=issue.pk)
        if action == "send":
            _require(request, "send_issue")
            schedule_form = ScheduleForm(request.POST)
            if schedule_form.is_valid():
                try:
                    sending.schedule_issue(
                        issue=issue, send_at=schedule_form.cleaned_data["send_at"]
                    )
                except ValueError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(
                        request, "Scheduled." if issue.send_at else "Sending."
                    )
                return redirect("newsletters_admin:send", pk=issue.pk)
    issue.refresh_from_db()
    rendered = render_issue(issue)
    return render(
        request,
        "newsletters/admin/send.html",
        {
            "issue": issue,
            "text": rendered.text.replace(
                UNSUBSCRIBE_PLACEHOLDER, "(unsubscribe link)"
            ),
            "schedule_form": schedule_form,
            "counts": sending.count_deliveries(issue),
            "recipients": sending.find_recipients(issue).count()
            if issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED)
            else None,
            "can_send": request.user.has_perm("newsletters.send_issue"),
            "now": timezone.now(),
        },
    )


@require_GET
def preview(request, pk: int):
    """The HTML mail as a reader gets it (the unsubscribe link made inert)."""
    _require(request, "change_issue")
    issue = get_object_or_404(Issue, pk=pk)
    html = render_issue(issue).html.replace(UNSUBSCRIBE_PLACEHOLDER, "#unsubscribe")
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_subscribers(request):
    _require(request, "manage_subscribers")
    response = HttpResponse(
        csv_io.export_subscribers_csv(), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def import_subscribers(request):
    _require(request, "manage_subscribers")
    form = ImportForm()
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                text = upload.read(50 * 1024 * 1024).decode("utf-8-sig")
            except UnicodeDecodeError:
                form.add_error("file", "Please upload a UTF-8 CSV file.")
            else:
                report = csv_io.import_subscribers_csv(
                    text=text, source=f"import {upload.name} by {request.user.pk}"
                )
    return render(
        request,
        "newsletters/admin/import.html",
        {
            "form": form,
            "report": report,
            "subscriber_count": Subscriber.objects.filter(
                status=Subscriber.Status.CONFIRMED
            ).count(),
        },
    )
