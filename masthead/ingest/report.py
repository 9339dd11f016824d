"""What an import did, item by item, and the error that stops one item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ImportFailed(Exception):
    """One item could not be imported; the message says why, in plain words."""


@dataclass
class ImportReport:
    """What a batch did: every item lands in exactly one list."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: list = field(default_factory=list)

    def record(self, status: str, label: str) -> None:
        getattr(self, status).append(label)

    def merge(self, other: ImportReport) -> None:
        for name in ("created", "updated", "skipped", "failed", "notes", "articles"):
            getattr(self, name).extend(getattr(other, name))

    def summary(self) -> str:
        return (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"skipped {len(self.skipped)}, failed {len(self.failed)}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": [{"item": item, "reason": why} for item, why in self.failed],
            "notes": self.notes,
        }
