"""The newsroom's roles: which Django and Wagtail permissions each group holds.

Written against an ``apps`` registry so the data migration (historical models) and
``services.ensure_roles`` (live models) apply the same table. Page and image
permissions are granted on the tree's root page and root collection, which exist
before any HomePage does, and so cover every page and photo added later.
"""

from __future__ import annotations

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
PHOTO_EDITOR = "Photo editor"
ADMIN = "Admin"
ROLE_NAMES = (CONTRIBUTOR, EDITOR, PHOTO_EDITOR, ADMIN)

REVIEW_WORKFLOW = "Newsroom review"
REVIEW_TASK = "Editor review"

# Wagtail's page permission codenames ("add" = create and edit one's own pages).
PAGE_PERMISSIONS = {
    CONTRIBUTOR: ["add_page"],
    EDITOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    PHOTO_EDITOR: [],
    ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}

# Image permissions are checked against wagtailimages.Image (Wagtail's policy uses
# it as the auth model even for a custom image model), per collection.
IMAGE_PERMISSIONS = {
    CONTRIBUTOR: ["add_image", "choose_image"],
    EDITOR: ["add_image", "change_image", "choose_image"],
    PHOTO_EDITOR: ["add_image", "change_image", "delete_image", "choose_image"],
    ADMIN: ["add_image", "change_image", "delete_image", "choose_image"],
}

# Audio and video for stories are Wagtail documents, granted per collection too.
DOCUMENT_PERMISSIONS = {
    CONTRIBUTOR: ["add_document", "choose_document"],
    EDITOR: ["add_document", "change_document", "choose_document"],
    PHOTO_EDITOR: [
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
    ADMIN: ["add_document", "change_document", "delete_document", "choose_document"],
}

# Plain model permissions: (app_label, codename).
MODEL_PERMISSIONS = {
    CONTRIBUTOR: [("wagtailadmin", "access_admin"), ("people", "view_person")],
    EDITOR: [
        ("wagtailadmin", "access_admin"),
        ("people", "view_person"),
        ("people", "add_person"),
        ("people", "change_person"),
        ("contact", "answer_messages"),
        ("articles", "use_html_block"),
        # Issue 20: editors translate pages (Wagtail's "Translate").
        ("simple_translation", "submit_translation"),
    ],
    PHOTO_EDITOR: [("wagtailadmin", "access_admin"), ("people", "view_person")],
    ADMIN: [
        ("wagtailadmin", "access_admin"),
        ("people", "view_person"),
        ("people", "add_person"),
        ("people", "change_person"),
        ("people", "delete_person"),
        ("contact", "answer_messages"),
        ("articles", "use_html_block"),
        ("simple_translation", "submit_translation"),
        ("core", "change_newsroomsettings"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_user"),
        ("auth", "add_group"),
        ("auth", "change_group"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    ],
}


def _permission(apps, app_label: str, codename: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def apply_roles(apps) -> None:
    """Create the four groups and (re)grant their permissions; idempotent.

    A permission whose row does not exist yet (a fresh database before Django's
    post_migrate created them) is skipped; the post_migrate pass grants it.
    """
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()

    for name in ROLE_NAMES:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in MODEL_PERMISSIONS[name]:
            permission = _permission(apps, app_label, codename)
            if permission is not None:
                group.permissions.add(permission)
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[name]:
                permission = _permission(apps, "wagtailcore", codename)
                if permission is not None:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=permission
                    )
        if root_collection is not None:
            collection_grants = [
                ("wagtailimages", codename) for codename in IMAGE_PERMISSIONS[name]
            ] + [("wagtaildocs", codename) for codename in DOCUMENT_PERMISSIONS[name]]
            for app_label, codename in collection_grants:
                permission = _permission(apps, app_label, codename)
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )


def apply_review_workflow(apps) -> None:
    """Put every page under the root through "Editor review" (Editors approve).

    Replaces Wagtail's stock "Moderators approval" on the root page; idempotent.
    """
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    editors, _ = Group.objects.get_or_create(name=EDITOR)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=REVIEW_TASK, content_type=task_type, active=True
        )
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(
        name=REVIEW_WORKFLOW, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    if root_page is not None:
        WorkflowPage.objects.update_or_create(
            page=root_page, defaults={"workflow": workflow}
        )
