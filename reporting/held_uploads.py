"""A file chosen on a form that came back with errors, kept for a while so that the user need
not choose it again: browsers never fill a file input themselves.

The form carries a signed token naming the kept file and the user who chose it; the file lives
under MEDIA_ROOT/held-uploads/ and is removed when it is taken, or after a day.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

SALT = "reporting.held-upload"
MAX_AGE_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "held-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clear_old(folder: Path) -> None:
    too_old = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        if path.stat().st_mtime < too_old:
            path.unlink(missing_ok=True)


def hold(upload, *, user) -> str:
    """Keep the upload; answer the token that gives it back to the same user."""
    folder = _folder()
    _clear_old(folder)
    key = uuid.uuid4().hex
    upload.seek(0)
    (folder / key).write_bytes(upload.read())
    upload.seek(0)
    return signing.dumps({"key": key, "name": upload.name, "user": user.pk}, salt=SALT)


def name_of(token: str, *, user) -> str:
    """The kept file's name, or "" when the token does not give one to this user."""
    held = _load(token, user=user)
    return held["name"] if held else ""


def take(token: str, *, user) -> SimpleUploadedFile | None:
    """The kept file as an upload (removed from the holding folder), or None."""
    held = _load(token, user=user)
    if held is None:
        return None
    path = _folder() / held["key"]
    content = path.read_bytes()
    path.unlink(missing_ok=True)
    return SimpleUploadedFile(held["name"], content)


def _load(token: str, *, user) -> dict | None:
    if not token:
        return None
    try:
        held = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    key = held.get("key", "")
    if held.get("user") != user.pk or not key.isalnum():
        return None
    return held if (_folder() / key).is_file() else None
