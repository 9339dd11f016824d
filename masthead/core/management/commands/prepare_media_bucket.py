from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from masthead.core.storage import MediaStorage, build_public_read_policy


class Command(BaseCommand):
    help = (
        "Create the media bucket if it is missing and let anyone read renditions "
        "(only renditions: originals stay private). Safe to run again."
    )

    def handle(self, *args, **options):
        storage = storages["default"]
        if not isinstance(storage, MediaStorage):
            raise CommandError("media are not on S3 (MASTHEAD_S3_BUCKET is unset)")
        client = storage.connection.meta.client
        bucket = storage.bucket_name
        try:
            client.head_bucket(Bucket=bucket)
            missing = False
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
                raise CommandError(f"bucket {bucket}: {exc}") from None
            missing = True
        if missing:
            options = {}
            if storage.region_name and storage.region_name != "us-east-1":
                options["CreateBucketConfiguration"] = {
                    "LocationConstraint": storage.region_name
                }
            client.create_bucket(Bucket=bucket, **options)
            self.stdout.write(f"Created bucket {bucket}")
        client.put_bucket_policy(Bucket=bucket, Policy=build_public_read_policy(bucket))
        self.stdout.write(f"Bucket {bucket}: renditions public, originals private")
