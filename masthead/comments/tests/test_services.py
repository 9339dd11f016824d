"""Who may comment, the spam rules, limits, threading, moderation and erasure."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from masthead.accounts.services import delete_reader_account
from masthead.comments import services
from masthead.comments.models import Comment, CommentBan, CommentReport
from masthead.comments.services import CommentRefused
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def post(story, author, body="A fair point.", **fields):
    fields.setdefault("name", "Ada")
    return services.post_comment(story=story, author=author, body=body, **fields)


def test_a_verified_reader_posts_and_it_is_published_at_once(story, reader):
    posted = post(story, reader)
    assert posted.is_published
    assert posted.comment.author_name == "Ada"
    assert not posted.comment.is_staff_reply
    assert services.count_visible(story.pk) == 1


@pytest.mark.parametrize(
    ("who", "status", "sentence"),
    [
        ("anonymous", 401, "Sign in"),
        ("unverified", 403, "Confirm your email"),
        ("banned", 403, "no longer comment"),
    ],
)
def test_who_may_not_comment(story, make_reader, who, status, sentence):
    if who == "anonymous":
        user = AnonymousUser()
    else:
        user = make_reader(verified=who != "unverified")
    if who == "banned":
        CommentBan.objects.create(user=user)
    with pytest.raises(CommentRefused) as refused:
        post(story, user)
    assert refused.value.status == status
    assert sentence in refused.value.message
    assert not Comment.objects.exists()


def test_closed_story_refuses_comments(story, reader):
    services.set_comment_settings(page=story, comments_closed=True)
    with pytest.raises(CommentRefused, match="closed"):
        post(story, reader)


def test_newsroom_staff_comment_without_a_verified_address_and_are_marked(story):
    editor = make_staff()
    posted = post(story, editor, name="Desk editor")
    assert posted.comment.is_staff_reply and posted.is_published


def test_replies_go_one_level_deep(story, reader, make_reader):
    other = make_reader()
    top = post(story, reader).comment
    reply = post(story, other, "I disagree.", parent_id=top.pk).comment
    assert reply.parent_id == top.pk
    with pytest.raises(CommentRefused, match="one level deep"):
        post(story, reader, "Replying to the reply.", parent_id=reply.pk)


def test_a_reply_to_a_hidden_or_foreign_comment_is_refused(
    story, reader, make_reader, make_article
):
    other_story = make_article("Bridge reopens")
    elsewhere = post(other_story, reader).comment
    with pytest.raises(CommentRefused, match="not here"):
        post(story, make_reader(), "Hello", parent_id=elsewhere.pk)


def test_the_thread_shows_replies_under_their_comment_and_own_waiting_ones(
    story, reader, make_reader
):
    other = make_reader()
    top = post(story, reader).comment
    post(story, other, "Reply one", parent_id=top.pk)
    new_reader = make_reader(age_minutes=1)
    waiting = post(story, new_reader, "Hello from a new account").comment
    assert waiting.status == Comment.Status.PENDING

    thread = services.list_thread(story=story, viewer=AnonymousUser())
    assert [c.pk for c in thread] == [top.pk]
    assert [r.body for r in thread[0].shown_replies] == ["Reply one"]
    own = services.list_thread(story=story, viewer=new_reader)
    assert [c.pk for c in own] == [top.pk, waiting.pk]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "a https://a.example b https://b.example c www.c.example",
            "more than 2 links",
        ),
    ],
)
def test_too_many_links_are_held(story, reader, body, reason):
    posted = post(story, reader, body)
    assert not posted.is_published
    assert posted.comment.held_reason == reason


def test_new_accounts_are_held(story, make_reader):
    posted = post(story, make_reader(age_minutes=5))
    assert posted.comment.status == Comment.Status.PENDING
    assert "account younger than 30 minutes" in posted.comment.held_reason


def test_repeating_oneself_is_refused_and_the_same_text_from_many_is_held(
    story, reader, make_reader
):
    post(story, reader, "Buy cheap watches now")
    with pytest.raises(CommentRefused, match="already posted"):
        post(story, reader, "buy CHEAP watches now!!")
    post(story, make_reader(), "Buy cheap watches now")
    third = post(story, make_reader(), "Buy cheap watches now")
    assert third.comment.status == Comment.Status.PENDING
    assert "same text" in third.comment.held_reason


def test_pre_moderated_section_holds_every_comment(story, section, reader):
    services.set_comment_settings(page=section, moderation="pre")
    posted = post(story, reader)
    assert posted.comment.status == Comment.Status.PENDING
    assert posted.comment.held_reason == "pre-moderated section"
    assert services.moderation_mode_for(story) == "pre"
    services.set_comment_settings(page=story, moderation="post")
    assert services.moderation_mode_for(story) == "post"


def test_account_rate_limit_states_the_limit(story, reader, settings):
    settings.MASTHEAD_COMMENTS_PER_ACCOUNT = 2
    post(story, reader, "one")
    post(story, reader, "two")
    with pytest.raises(CommentRefused) as refused:
        post(story, reader, "three")
    assert refused.value.status == 429
    assert "2 comments every 10 minutes" in refused.value.message
    assert refused.value.details == {"limit": 2, "window_seconds": 600}


def test_ip_rate_limit_counts_every_account_on_one_address(
    story, make_reader, settings
):
    settings.MASTHEAD_COMMENTS_PER_IP = 2
    for n in range(2):
        post(story, make_reader(), f"text {n}", ip="203.0.113.9")
    with pytest.raises(CommentRefused, match="from your network") as refused:
        post(story, make_reader(), "text 3", ip="203.0.113.9")
    assert refused.value.code == "rate_ip"
    post(story, make_reader(), "text 4", ip="203.0.113.10")


@pytest.mark.parametrize(
    ("body", "status", "sentence"),
    [
        ("", 400, "Write something"),
        ("   \r\n\t  ", 400, "Write something"),
        ("x" * 10_240, 413, "limited to 4,000 characters (yours has 10,240)"),
        ("x" * 4001, 413, "limited to 4,000 characters (yours has 4,001)"),
    ],
)
def test_bad_text_is_refused_with_the_limit(story, reader, body, status, sentence):
    with pytest.raises(CommentRefused) as refused:
        post(story, reader, body)
    assert refused.value.status == status
    assert sentence in refused.value.message


def test_crlf_and_script_are_stored_as_plain_text(story, reader):
    comment = post(story, reader, "<script>x</script>\r\nline two").comment
    assert comment.body == "<script>x</script>\nline two"


def test_a_name_is_required_and_limited(story, reader):
    with pytest.raises(CommentRefused, match="Give a name"):
        post(story, reader, name="  ")
    with pytest.raises(CommentRefused, match="60 characters"):
        post(story, reader, name="n" * 61)


def test_reports_are_counted_once_per_reader(story, reader, make_reader):
    comment = post(story, reader).comment
    other = make_reader()
    assert services.report_comment(comment=comment, reporter=other)
    assert not services.report_comment(comment=comment, reporter=other)
    comment.refresh_from_db()
    assert comment.report_count == 1
    with pytest.raises(CommentRefused, match="your own"):
        services.report_comment(comment=comment, reporter=reader)


def test_moderation_hides_deletes_approves_and_bans(story, reader, make_reader):
    editor = make_staff()
    comment = post(story, reader).comment
    services.hide_comment(comment=comment, moderator=editor)
    assert services.count_visible(story.pk) == 0
    services.approve_comment(comment=comment, moderator=editor)
    assert services.count_visible(story.pk) == 1
    services.delete_comment(comment=comment, moderator=editor)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED and comment.body == ""

    spammer = make_reader(age_minutes=1)
    held = post(story, spammer, "first words").comment
    services.ban_commenter(user=spammer, moderator=editor)
    held.refresh_from_db()
    assert held.status == Comment.Status.HIDDEN
    with pytest.raises(CommentRefused, match="no longer comment"):
        post(story, spammer, "again")
    services.lift_ban(user=spammer)
    assert services.why_cannot_comment(spammer, story) is None


def test_deleting_an_account_anonymises_its_comments(story, reader, make_reader):
    comment = post(story, reader).comment
    other = make_reader()
    services.report_comment(comment=post(story, other).comment, reporter=reader)
    delete_reader_account(user=reader)
    comment.refresh_from_db()
    assert comment.author is None
    assert comment.author_name == "Deleted reader"
    assert comment.body == "A fair point."
    assert not CommentReport.objects.exists()


def test_editors_and_admins_moderate_and_no_group_is_added():
    from django.contrib.auth.models import Group

    from masthead.newsroom import roles
    from masthead.newsroom.services import ensure_newsroom

    ensure_newsroom()
    services.ensure_moderators()
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLE_NAMES)
    for name in ("Editor", "Admin"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="moderate_comments").exists()
    editor = make_staff(role="Editor", username="ed")
    assert services.can_moderate(editor) and not editor.is_superuser
    for role in ("Contributor", "Photo editor"):
        assert not services.can_moderate(make_staff(role=role, username=role[:5]))
