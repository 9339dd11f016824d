"""Who may do what with newsletters: Editors and Admins compose, send and manage
subscribers; Contributors and Photo editors cannot."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

CODENAMES = {
    "Editor": [
        "add_issue",
        "change_issue",
        "view_issue",
        "send_issue",
        "manage_subscribers",
        "add_newsletterlist",
        "change_newsletterlist",
        "view_newsletterlist",
    ],
}
CODENAMES["Admin"] = [*CODENAMES["Editor"], "delete_issue", "delete_newsletterlist"]


def grant_newsletter_permissions(*, using: str = "default") -> None:
    """Idempotent; a group that does not exist yet is skipped."""
    for name, codenames in CODENAMES.items():
        group = Group.objects.using(using).filter(name=name).first()
        if group is None:
            continue
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="newsletters", codename__in=codenames
        )
        group.permissions.add(*permissions)
