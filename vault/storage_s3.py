"""The S3 provider of the vault storage (any S3-compatible endpoint), via django-storages.

Kept apart from `vault.storage` so that a deployment on local disk never imports boto3.
An object appears under its final key only when its multipart upload completes; an interrupted
upload stays invisible and is aborted by `cleanup_stale()` (and by a bucket lifecycle rule).
"""

import datetime
import secrets
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage

from vault.storage import READ_CHUNK

S3_PART_SIZE = 8 * 1024 * 1024  # S3 needs at least 5 MiB for every part but the last


class S3ObjectWriter:
    def __init__(self, client: Any, bucket: str, key: str) -> None:
        self.client, self.bucket, self.key = client, bucket, key
        self._upload_id = client.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
        self._parts: list[dict[str, Any]] = []
        self._buffer = bytearray()

    def _flush(self) -> None:
        response = self.client.upload_part(
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self._upload_id,
            PartNumber=len(self._parts) + 1,
            Body=bytes(self._buffer),
        )
        self._parts.append({"PartNumber": len(self._parts) + 1, "ETag": response["ETag"]})
        self._buffer.clear()

    def write(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) >= S3_PART_SIZE:
            self._flush()

    def commit(self) -> None:
        if self._buffer or not self._parts:
            self._flush()
        self.client.complete_multipart_upload(
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},
        )

    def abort(self) -> None:
        self._buffer.clear()
        self.client.abort_multipart_upload(
            Bucket=self.bucket, Key=self.key, UploadId=self._upload_id
        )


class S3VaultStorage(S3Storage):
    """S3 through django-storages' connection; objects are private, never served by URL."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("default_acl", None)
        options.setdefault("querystring_auth", True)
        options.setdefault("file_overwrite", True)
        super().__init__(**options)

    @property
    def client(self) -> Any:
        return self.connection.meta.client

    def open_writer(self, name: str) -> S3ObjectWriter:
        return S3ObjectWriter(self.client, self.bucket_name, name)

    def read_chunks(self, name: str, chunk_size: int = READ_CHUNK) -> Iterator[bytes]:
        body = self.client.get_object(Bucket=self.bucket_name, Key=name)["Body"]
        try:
            yield from body.iter_chunks(chunk_size)
        finally:
            body.close()

    def read_prefix(self, name: str, length: int) -> bytes:
        response = self.client.get_object(
            Bucket=self.bucket_name, Key=name, Range=f"bytes=0-{length - 1}"
        )
        return bytes(response["Body"].read())

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket_name, Key=name)

    def exists(self, name: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket_name, Key=name)
        except ClientError:
            return False
        return True

    def iter_objects(self) -> Iterator[tuple[str, datetime.datetime]]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket_name):
            for item in page.get("Contents", []):
                yield item["Key"], item["LastModified"]

    def cleanup_stale(self, before: datetime.datetime) -> int:
        aborted = 0
        paginator = self.client.get_paginator("list_multipart_uploads")
        for page in paginator.paginate(Bucket=self.bucket_name):
            for upload in page.get("Uploads", []):
                if upload["Initiated"] < before:
                    self.client.abort_multipart_upload(
                        Bucket=self.bucket_name, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    aborted += 1
        return aborted

    def check_writable(self) -> None:
        name = f"healthcheck/{secrets.token_hex(8)}"
        writer = self.open_writer(name)
        writer.write(b"ok")
        writer.commit()
        self.delete(name)
