"""Backup and restore: the drill under writes, and every way a backup can be bad."""

from __future__ import annotations

import errno
import hashlib
import tarfile
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connections

from masthead.backups.services import (
    BackupError,
    create_backup,
    restore_backup,
    verify_backup,
)
from masthead.backups.services.database import is_database_empty
from tests.factories import make_article, make_image


def article_table() -> str:
    from masthead.articles.models import ArticlePage

    return ArticlePage._meta.db_table


def write_stories_until(
    stop: threading.Event, section, written: list, errors: list
) -> None:
    try:
        while not stop.is_set():
            try:
                make_article(section, f"Story written during backup {len(written)}")
            except OperationalError:  # SQLite: the backup holds the lock
                time.sleep(0.01)
                continue
            written.append(1)
    except Exception as exc:  # noqa: BLE001 - reported by the test's thread
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_drill_backup_under_writes_then_restore_into_a_fresh_database(
    section, media_root, tmp_path, settings, fresh_database
):
    photo = make_image(number=1, alt="Harbour")
    make_article(section, "Before the backup", lead_image=photo)
    from masthead.articles.models import ArticlePage

    before = ArticlePage.objects.count()
    stop, written, errors = threading.Event(), [], []
    writer = threading.Thread(
        target=write_stories_until, args=(stop, section, written, errors)
    )
    writer.start()
    try:
        # The writer is really writing when the backup starts.
        while not written and writer.is_alive():
            time.sleep(0.01)
        assert not errors, errors
        path = create_backup(destination=tmp_path)
        during = len(written)
    finally:
        stop.set()
        writer.join(timeout=30)
    assert during > 0 and len(written) >= during

    manifest = verify_backup(source=path)
    assert manifest["counts"][article_table()] >= before
    assert any(name.startswith("media/original_images/") for name in manifest["files"])

    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    result = restore_backup(source=path, using=fresh_database)
    assert result.differences() == {}
    assert result.counts[article_table()] == manifest["counts"][article_table()]
    for name, entry in manifest["files"].items():
        restored = tmp_path / "restored-media" / name.removeprefix("media/")
        assert hashlib.sha256(restored.read_bytes()).hexdigest() == entry["sha256"]


@pytest.mark.django_db
def test_backup_to_a_missing_folder_fails_with_one_line(tmp_path):
    with pytest.raises(BackupError, match="does not exist"):
        create_backup(destination=tmp_path / "nowhere" / "backup.tar")


@pytest.mark.django_db(transaction=True)
def test_a_full_disk_leaves_no_file_claiming_to_be_a_backup(
    page_root, tmp_path, media_root, monkeypatch
):
    make_image(number=1)
    real_addfile = tarfile.TarFile.addfile

    def addfile(self, info, fileobj=None):
        if info.name.startswith("media/"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_addfile(self, info, fileobj)

    monkeypatch.setattr(tarfile.TarFile, "addfile", addfile)
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(BackupError, match="no space left"):
        create_backup(destination=folder / "site.tar")
    assert list(folder.iterdir()) == []


@pytest.mark.django_db
def test_an_unwritable_folder_fails_cleanly(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    with pytest.raises(BackupError, match="Permission denied"):
        create_backup(destination=tmp_path / "site.tar")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def backup_file(transactional_db, section, media_root, tmp_path):
    make_article(section, "A story", lead_image=make_image(number=1))
    return create_backup(destination=tmp_path / "site.tar")


def corrupt(path, member_prefix: str):
    """Flip one byte inside the first member whose name starts with the prefix."""
    with tarfile.open(path) as archive:
        member = next(m for m in archive if m.name.startswith(member_prefix))
    with open(path, "r+b") as raw:
        raw.seek(member.offset_data + member.size // 2)
        byte = raw.read(1)
        raw.seek(-1, 1)
        raw.write(bytes([byte[0] ^ 0xFF]))


@pytest.mark.parametrize("member", ["media/", "database."])
def test_a_corrupted_backup_is_refused_before_the_database_is_touched(
    backup_file, fresh_database, member
):
    corrupt(backup_file, member)
    with pytest.raises(BackupError, match="corrupted"):
        restore_backup(source=backup_file, using=fresh_database)
    assert is_database_empty(fresh_database)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, fresh_database):
    foreign = tmp_path / "holiday.tar"
    with tarfile.open(foreign, "w") as archive:
        archive.add(__file__, arcname="notes.py")
    with pytest.raises(BackupError, match="not a Masthead backup"):
        restore_backup(source=foreign, using=fresh_database)
    (tmp_path / "junk.tar").write_bytes(b"not a tar at all" * 100)
    with pytest.raises(BackupError, match="not a readable backup"):
        restore_backup(source=tmp_path / "junk.tar", using=fresh_database)
    assert is_database_empty(fresh_database)


def test_restore_refuses_a_database_that_has_tables(backup_file):
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(source=backup_file)


def test_the_commands_back_up_verify_and_report_errors_in_one_line(
    transactional_db, section, media_root, tmp_path
):
    from io import StringIO

    from django.core.management.base import CommandError

    out = StringIO()
    call_command("backup_site", str(tmp_path), stdout=out)
    (path,) = tmp_path.glob("masthead-backup-*.tar")
    assert f"to {path}" in out.getvalue()
    call_command("restore_site", str(path), "--verify-only", stdout=out)
    assert "is a complete backup" in out.getvalue()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_site", str(path), stdout=out)


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_queued_emails_go_out_once_and_sent_ones_never_again(
    home_page, media_root, tmp_path, smtp, settings
):
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from masthead.contact.models import Conversation, OutgoingEmail
    from masthead.contact.services.outbox import queue_contact_email
    from masthead.contact.tests.conftest import run_worker

    conversation = Conversation.objects.create(name="Reader", email="r@example.org")

    def queue(subject):
        return queue_contact_email(
            conversation=conversation,
            purpose=OutgoingEmail.Purpose.TO_NEWSROOM,
            to="desk@courier.example",
            subject=subject,
            body="Hello",
        )

    queue("already sent")
    run_worker()
    assert [m["Subject"] for m in smtp.messages] == ["already sent"]
    queue("waiting")
    mid_send = queue("mid-send")  # a worker had claimed it when the snapshot ran
    DBTaskResult.objects.filter(args_kwargs__args=[mid_send.pk]).update(
        status=TaskResultStatus.RUNNING, worker_ids=["gone-worker"]
    )
    lost = queue("task lost")  # its task row is gone (cleaned up, say)
    DBTaskResult.objects.filter(args_kwargs__args=[lost.pk]).delete()

    path = create_backup(destination=tmp_path / "site.tar")
    result = restore_backup(source=path, force=True)
    assert result.queue == {"tasks_requeued": 1, "deliveries_enqueued": 1}
    run_worker()
    run_worker()  # a second pass finds nothing left to send

    subjects = sorted(m["Subject"] for m in smtp.messages)
    assert subjects == ["already sent", "mid-send", "task lost", "waiting"]
    assert not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED)


@pytest.mark.django_db(transaction=True)
def test_media_in_an_s3_bucket_are_backed_up_and_restored(
    s3_media, page_root, tmp_path, fresh_database
):
    from django.core.files.storage import storages

    image = make_image(number=1)
    name = image.file.name
    path = create_backup(destination=tmp_path / "site.tar")
    manifest = verify_backup(source=path)
    assert f"media/{name}" in manifest["files"]

    storage = storages["default"]
    storage.delete(name)
    restore_backup(source=path, using=fresh_database)
    with storage.open(name, "rb") as restored:
        digest = hashlib.sha256(restored.read()).hexdigest()
    assert digest == manifest["files"][f"media/{name}"]["sha256"]
