"""The Content-Security-Policy holds in Chromium: no violation on the reader pages
(a story with an image, a table, audio, an HTML block and an embed loaded by a
click; home, section, search, sign-in, the contact box opened) nor on the admin
pages the other browser tests use (dashboard, explorer, editing a story, images).

Every ``securitypolicyviolation`` event is collected by a listener installed
before any page script runs, with Chromium's "Refused to …" console lines as a
second witness. A deliberate inline script proves the listener hears violations.
Served by the real ASGI stack (uvicorn), so the story's second view is a page-cache
hit from the fast path.
"""

from __future__ import annotations

import time

import pytest
from django.test import Client

from tests.browser.test_story_formats import PLAYER, make_story, watch_requests
from tests.factories import make_image, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
    });
});
"""


class Witness:
    """Violations seen by a page: events from the listener, console lines."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTENER)
        page.on("console", self._console)
        self.headers: dict[str, str] = {}
        page.on("response", self._response)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.console.append(text)

    def _response(self, response):
        if response.request.resource_type == "document":
            self.headers[response.url] = response.headers.get(
                "content-security-policy", ""
            )

    def visit(self, url: str, *, settle: bool = True):
        response = self.page.goto(url)
        assert response is not None and response.status < 400, (url, response)
        if settle:
            self.page.wait_for_load_state("networkidle")
        return response

    def events(self) -> list[dict]:
        return self.page.evaluate("window.__cspViolations || []")

    def inline_scripts(self) -> list[str]:
        """Executable inline scripts on the page (for the failure message)."""
        return self.page.evaluate(
            "[...document.scripts].filter((s) => !s.src && (!s.type ||"
            " /javascript|module/.test(s.type))).map((s) => s.outerHTML.slice(0, 300))"
        )

    def assert_none(self, where: str):
        events, console = self.events(), list(self.console)
        assert events == [] and console == [], (
            where,
            events,
            console,
            self.inline_scripts(),
        )


def wait_until(page, predicate: str, timeout: float = 15.0):
    """``page.wait_for_function`` evaluates its text with eval(), which the policy
    (rightly) refuses; this polls a function through the DevTools protocol."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        page.wait_for_timeout(100)


def staff_cookie(server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": server.url,
    }


def test_reader_pages_have_no_violations(
    asgi_server, newsroom, make_article, section, new_page, screenshot
):
    base = asgi_server.url
    story = make_story(make_article)
    page = new_page(width=1280, height=900)
    outside = watch_requests(page, base)
    witness = Witness(page)

    # The listener hears a violation: a script written inline is refused.
    witness.visit(base + "/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.head.appendChild(s); }"
    )
    wait_until(page, "() => window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert witness.events()[0]["directive"] == "script-src-elem"
    page.evaluate("window.__cspViolations = []")
    witness.console.clear()

    for url in (
        base + story.url,
        base + story.url,  # a page-cache hit from the ASGI fast path
        base + "/",
        base + section.url,
        base + "/search/?q=ferries",
        base + "/accounts/login/",
        base + "/accounts/signup/",
    ):
        response = witness.visit(url)
        assert response.headers["content-security-policy"].startswith(
            "default-src 'self'"
        ), url
        witness.assert_none(url)
    assert witness.headers[base + story.url]

    # The story's video: the player's frame is allowed (answered by a local stub).
    witness.visit(base + story.url)
    page.get_by_role("button", name="Load content from YouTube").click()
    page.frame_locator("figure.embed iframe").locator("text=Stub player").wait_for()
    assert PLAYER in outside
    witness.assert_none("the embedded player")

    # The contact box, opened (its script, styles and socket).
    witness.visit(base + "/")
    page.get_by_role("link", name="Contact us").click()
    box = page.get_by_role("dialog", name="Contact us")
    box.wait_for()
    page.wait_for_timeout(300)  # the box's presence check and transitions
    witness.assert_none("the contact box")
    screenshot(page, "csp-reader-contact-box-no-violations", full_page=False)


def test_admin_pages_have_no_violations(
    asgi_server, settings, make_article, section, new_page, screenshot
):
    from masthead.newsroom.roles import EDITOR
    from masthead.newsroom.services import ensure_newsroom

    # Signed in by cookie: the second factor (h-door) is not what this test is about.
    settings.MASTHEAD_MFA_REQUIRED_GROUPS = []
    ensure_newsroom()
    editor = make_staff(role=EDITOR, username="desk")
    image = make_image(title="Harbour at dawn")
    story = make_article(headline="Ferries every 20 minutes", lead_image=image)
    base = asgi_server.url

    anonymous = Witness(new_page(width=1280, height=900))
    anonymous.visit(base + "/admin/login/")
    anonymous.assert_none("the admin's sign-in page")

    page = new_page(width=1280, height=900)
    page.context.add_cookies([staff_cookie(asgi_server, editor)])
    witness = Witness(page)
    for url in (
        base + "/admin/",
        base + f"/admin/pages/{section.pk}/",
        base + f"/admin/pages/{story.pk}/edit/",
        base + "/admin/images/",
        base + f"/admin/images/{image.pk}/",
        base + "/admin/images/add/",
    ):
        response = witness.visit(url)
        assert (
            "style-src 'self' 'unsafe-inline'"
            in (response.headers["content-security-policy"])
        ), url
        witness.assert_none(url)

    # Work in the editor: the rich text field, the side panels, the preview.
    witness.visit(base + f"/admin/pages/{story.pk}/edit/")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type(" Updated at noon.")
    # Saved at once, then the preview panel opened: the words typed just before
    # the save are in the draft (operations/admin-edits.js; test_editor.py has
    # the whole flow, autosave included).
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    if not page.locator("#w-preview-iframe").is_visible():
        page.get_by_role("button", name="Toggle preview").click()
    page.frame_locator("#w-preview-iframe").get_by_text(
        "Updated at noon."
    ).first.wait_for()
    witness.assert_none("editing and previewing a story")
    screenshot(page, "csp-admin-editor-no-violations", full_page=False)


def test_workflow_pages_have_no_violations(asgi_server, settings, new_page, screenshot):
    """Assigning workflow tasks: the task chooser used to start with an inline
    ``createTaskChooser(id)`` (Wagtail's AdminTaskChooser); a task form added in
    the page must start its chooser too."""
    from wagtail.models import Workflow

    from masthead.newsroom.roles import ADMIN, REVIEW_WORKFLOW
    from masthead.newsroom.services import ensure_newsroom

    settings.MASTHEAD_MFA_REQUIRED_GROUPS = []
    ensure_newsroom()
    chief = make_staff(role=ADMIN, username="chief")
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    base = asgi_server.url

    page = new_page(width=1280, height=900)
    page.context.add_cookies([staff_cookie(asgi_server, chief)])
    witness = Witness(page)
    for url in (
        base + "/admin/workflows/list/",
        base + "/admin/workflows/add/",
        base + "/admin/workflows/tasks/index/",
        base + f"/admin/workflows/edit/{workflow.pk}/",
    ):
        witness.visit(url)
        witness.assert_none(url)
        assert witness.inline_scripts() == [], url

    # The saved task's chooser (its actions menu) opens the task chooser dialog.
    saved = page.locator("#id_workflow_tasks-0-task-chooser")
    saved.get_by_role("button", name="Actions").click()
    saved.locator("[data-chooser-action-choose]").first.click()
    dialog = page.locator(".modal-dialog")
    # Its list of existing tasks (shown on the dialog's second tab) has loaded.
    dialog.locator(".task-choice").first.wait_for(state="attached")
    witness.assert_none("the task chooser dialog")
    witness.visit(base + f"/admin/workflows/edit/{workflow.pk}/")

    # A task form added in the page: its chooser is started from its marker.
    page.get_by_role("button", name="Add task").click()
    added = page.locator("#id_workflow_tasks-1-task-chooser")
    added.get_by_role("button", name="Choose a task").click()
    dialog.locator(".task-choice").first.wait_for(state="attached")
    dialog.wait_for()
    page.wait_for_timeout(400)  # the dialog's fade-in, for the screenshot
    witness.assert_none("a task added to the workflow")
    screenshot(page, "csp-admin-workflow-task-chooser", full_page=False)


def test_the_newer_admin_screens_have_no_violations(
    asgi_server, settings, make_article, new_page, screenshot
):
    """The screens of comments, newsletters, partner keys, languages and readers'
    numbers (issues 19 and 20), as the Admin role uses them."""
    from django.urls import reverse

    from masthead.newsroom.roles import ADMIN
    from masthead.newsroom.services import ensure_newsroom

    settings.MASTHEAD_MFA_REQUIRED_GROUPS = []
    ensure_newsroom()
    chief = make_staff(role=ADMIN, username="chief")
    story = make_article(headline="Ferries every 20 minutes")
    base = asgi_server.url

    page = new_page(width=1280, height=900)
    page.context.add_cookies([staff_cookie(asgi_server, chief)])
    witness = Witness(page)
    for name, args in (
        ("comments_admin:queue", []),
        ("comments_admin:page", [story.pk]),
        ("newsletter_issues:index", []),
        ("newsletter_issues:add", []),
        ("newsletter_lists:index", []),
        ("newsletter_lists:add", []),
        ("newsletters_admin:import", []),
        ("api_keys:index", []),
        ("api_keys:add", []),
        ("wagtaillocales:index", []),
        ("wagtaillocales:add", []),
    ):
        url = base + reverse(name, args=args)
        witness.visit(url)
        witness.assert_none(url)
        assert witness.inline_scripts() == [], url
    # A reader's page of the comments (the no-script view of a thread).
    reader = Witness(new_page(width=1280, height=900))
    reader.visit(base + reverse("comments:thread", args=[story.pk]))
    reader.assert_none("the comments page")
    witness.visit(base + reverse("newsletter_issues:add"))
    screenshot(page, "csp-admin-newsletter-compose", full_page=False)


def test_uploading_several_photos_works_under_the_admin_policy(
    asgi_server, settings, tmp_path, new_page, screenshot
):
    """The admin's multiple upload (jQuery file upload, a canvas preview, a
    form per photo) works with no violation, as a photo editor uses it."""
    from masthead.images.models import NewsImage
    from masthead.newsroom.roles import PHOTO_EDITOR
    from masthead.newsroom.services import ensure_newsroom
    from tests.factories import make_jpeg_bytes

    settings.MASTHEAD_MFA_REQUIRED_GROUPS = []
    ensure_newsroom()
    photo_editor = make_staff(role=PHOTO_EDITOR, username="pics")
    files = []
    for n, colour in enumerate([(200, 40, 40), (40, 200, 40)]):
        path = tmp_path / f"harbour-{n}.jpg"
        path.write_bytes(make_jpeg_bytes(colour=colour))
        files.append(str(path))
    base = asgi_server.url

    page = new_page(width=1280, height=900)
    page.context.add_cookies([staff_cookie(asgi_server, photo_editor)])
    witness = Witness(page)
    witness.visit(base + "/admin/images/multiple/add/")
    page.locator("#fileupload").set_input_files(files)
    # Each photo gets its own saved form once its upload has finished.
    page.locator("#upload-list li.upload-success").nth(1).wait_for(timeout=30_000)
    witness.assert_none("uploading two photos")
    assert NewsImage.objects.count() == 2
    screenshot(page, "csp-admin-multiple-upload", full_page=False)
