from django.db import models


class WorkerHeartbeat(models.Model):
    """A running ``masthead worker``: it renews ``beat_at`` every few seconds.

    A task stays RUNNING while its worker beats; once the beat is older than the
    lease (``MASTHEAD_WORKER_LEASE_SECONDS``) another worker puts it back in the
    queue, so a worker killed mid-task (``kill -9``, a lost machine) loses nothing.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
