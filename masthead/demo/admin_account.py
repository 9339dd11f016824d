from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model

DEMO_ADMIN_USERNAME = "admin"


def ensure_demo_admin() -> str | None:
    """Create the demo's superuser; returns its generated password, or None if it
    already existed (the password is shown once and never stored in clear)."""
    User = get_user_model()
    if User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        return None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(
        username=DEMO_ADMIN_USERNAME,
        email="admin@localhost",
        password=password,
        first_name="Newsroom",
        last_name="Admin",
    )
    return password
