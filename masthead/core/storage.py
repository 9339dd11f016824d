"""Media on S3-compatible storage: renditions public, everything else private.

Readers only ever see renditions (``images/…``, Wagtail's folder for them), which
the bucket policy lets anyone read, so their URLs are plain and cacheable (by a CDN
on ``MASTHEAD_S3_CUSTOM_DOMAIN`` too). Original uploads and documents get signed
URLs that expire; they are shown only in the admin, to staff. The bucket policy is
written by ``masthead manage prepare_media_bucket``.
"""

from __future__ import annotations

import json

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Wagtail writes renditions under "images/" and originals under "original_images/".
PUBLIC_PREFIXES = ("images/",)


def is_public_media(name: str) -> bool:
    return name.lstrip("/").startswith(PUBLIC_PREFIXES)


def build_public_read_policy(bucket: str) -> str:
    """A bucket policy letting anyone GET the public prefixes, and nothing else."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "MastheadPublicRenditions",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [
                        f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in PUBLIC_PREFIXES
                    ],
                }
            ],
        }
    )


class MediaStorage(S3Storage):
    """S3 storage whose URLs are plain for renditions and signed for the rest."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not is_public_media(name):
            return self._signed_url(name, parameters, expire, http_method)
        key = self._normalize_name(clean_name(name))
        if self.custom_domain:
            return f"{self.url_protocol}//{self.custom_domain}/{filepath_to_uri(key)}"
        return self.unsigned_connection.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket.name, "Key": key}
        )

    def _signed_url(self, name, parameters, expire, http_method):
        # Straight to the bucket, never the CDN's domain: only the bucket checks
        # the signature.
        params = {
            **(parameters or {}),
            "Bucket": self.bucket.name,
            "Key": self._normalize_name(clean_name(name)),
        }
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=expire or self.querystring_expire,
            HttpMethod=http_method,
        )
