"""Hidden suite for challenge-20 (file-upload): POST /upload stores images, GET /uploads lists them."""

import hashlib
import string
import zlib

import pytest

from grader.testing import assert_error, assert_status, json_body

MAX_BYTES = 5 * 1024 * 1024
NAME_ALPHABET = string.ascii_lowercase + string.digits


# --- generated files -----------------------------------------------------------------------------

def png_bytes(rng, size):
    """A PNG signature and IHDR chunk, then random bytes up to `size`."""
    ihdr_data = (rng.randint(1, 4000).to_bytes(4, "big") + rng.randint(1, 4000).to_bytes(4, "big")
                 + bytes([8, 6, 0, 0, 0]))
    ihdr = (len(ihdr_data).to_bytes(4, "big") + b"IHDR" + ihdr_data
            + zlib.crc32(b"IHDR" + ihdr_data).to_bytes(4, "big"))
    head = b"\x89PNG\r\n\x1a\n" + ihdr
    return head + rng.randbytes(size - len(head))


def gif_bytes(rng, size):
    """A GIF89a header (logical screen descriptor), random bytes, the trailer."""
    head = b"GIF89a" + rng.randint(1, 4000).to_bytes(2, "little") + rng.randint(1, 4000).to_bytes(2, "little") + b"\x00\x00\x00"
    return head + rng.randbytes(size - len(head) - 1) + b";"


def jpeg_bytes(rng, size):
    """SOI + a JFIF APP0 segment, random bytes, EOI."""
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return head + rng.randbytes(size - len(head) - 2) + b"\xff\xd9"


MAKERS = {"png": (png_bytes, "image/png"), "gif": (gif_bytes, "image/gif"), "jpeg": (jpeg_bytes, "image/jpeg")}


def random_stem(rng, prefix="img"):
    return f"{prefix}_" + "".join(rng.choice(NAME_ALPHABET) for _ in range(10))


def image(rng, kind="png", ext=None, size=None):
    """(original name, bytes, mime type) of a fresh random image."""
    make, mime = MAKERS[kind]
    size = size if size is not None else rng.randint(2_000, 200_000)
    ext = ext or {"png": ".png", "gif": ".gif", "jpeg": ".jpg"}[kind]
    return random_stem(rng) + ext, make(rng, size), mime


# --- helpers -------------------------------------------------------------------------------------

def sha(data):
    return hashlib.sha256(data).hexdigest()


def upload(client, name, data, mime, extra=None):
    return client.post("/upload", files={"file": (name, data, mime)}, data=extra or {})


def listed(client):
    response = client.get("/uploads")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("files"), list), (
        f'GET /uploads must answer {{"files": [...]}}, got {body!r}'
    )
    assert all(isinstance(f, str) for f in body["files"]), "GET /uploads: files must be a list of strings"
    return set(body["files"])


def stored_name(body):
    assert isinstance(body, dict), f"the 201 body must be a JSON object, got {body!r}"
    name = body.get("filename")
    assert isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and "\\" not in name, (
        f"filename must be a plain file name (the name in uploads/), got {name!r}"
    )
    return name


def assert_accepted(client, server, name, data, mime):
    """Upload, expect a success and the bytes stored under uploads/. The stored name is the body's
    filename, or else the one new name GET /uploads lists. The 201 and the body's fields are
    its own check's subject, so a 200 or another body shape costs that
    check, not every check of what is stored."""
    before = listed(client)
    response = upload(client, name, data, mime)
    assert 200 <= response.status_code < 300, f"the upload of {name} must be accepted (201), got {response.status_code}"
    body = json_body(response)
    filename = body.get("filename") if isinstance(body, dict) else None
    if not (isinstance(filename, str) and filename and "/" not in filename and "\\" not in filename):
        new = sorted(listed(client) - before)
        assert len(new) == 1, f"the upload of {name} must store one new file in uploads/, found {new}"
        filename = new[0]
    try:
        stored = server.read_file(f"uploads/{filename}")
    except FileNotFoundError:
        raise AssertionError(f"the upload answered filename {filename!r} but uploads/{filename} does not exist") from None
    assert sha(stored) == sha(data), (
        f"uploads/{filename} must hold exactly the uploaded bytes ({len(data)} bytes), "
        f"found {len(stored)} bytes with another checksum"
    )
    return filename


def assert_refused(client, server, name, data, mime, status, why, exact=False):
    """Refused and not stored. The exact status and the JSON error only when exact: a wrong type's
    400 is its own check's subject and a too large file's 413 its own check's,
    so a refusal with another status costs those checks, not every check of what is refused."""
    before = listed(client)
    response = upload(client, name, data, mime)
    if exact:
        assert_error(response, status, why)
    else:
        # a 404 or 405 means no upload route at all, not a refusal
        assert response.status_code >= 400 and response.status_code not in (404, 405), (
            f"{why}: must be refused ({status}), got {response.status_code}"
        )
    after = listed(client)
    assert after <= before, f"{why}: nothing may be stored in uploads/, but new files appeared: {sorted(after - before)}"
    try:
        server.read_file(f"uploads/{name}")
    except FileNotFoundError:
        pass
    else:
        raise AssertionError(f"{why}: the refused file was stored as uploads/{name}")


# --- checks --------------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(3)
def test_png_upload_answers_201_with_file_info(client, rng):
    """POST /upload with a PNG answers 201 with filename, originalName, size and mimetype"""
    name, data, mime = image(rng, "png")
    response = upload(client, name, data, mime)
    assert_status(response, 201)
    body = json_body(response)
    stored_name(body)
    assert body.get("originalName") == name, f"originalName must be the name sent ({name!r}), got {body.get('originalName')!r}"
    assert body.get("size") == len(data) and isinstance(body.get("size"), int), (
        f"size must be the file's size in bytes ({len(data)}), got {body.get('size')!r}"
    )
    assert body.get("mimetype") == mime, f"mimetype must be {mime!r}, got {body.get('mimetype')!r}"


@pytest.mark.public
@pytest.mark.points(2)
def test_stored_file_is_byte_identical(client, server, rng):
    """The uploaded file is stored under uploads/<filename> with exactly the bytes sent"""
    name, data, mime = image(rng, "png")
    assert_accepted(client, server, name, data, mime)


@pytest.mark.public
@pytest.mark.points(1)
def test_uploads_lists_stored_file(client, server, rng):
    """GET /uploads lists the stored file under its filename"""
    name, data, mime = image(rng, "png")
    filename = assert_accepted(client, server, name, data, mime)
    files = listed(client)
    assert filename in files, f"GET /uploads must list {filename!r} (the stored name), got {sorted(files)[:20]}"


@pytest.mark.points(2)
def test_jpeg_and_gif_accepted_any_case(client, server, rng):
    """JPEG (.jpg, .jpeg) and GIF files are accepted, with the extension in any letter case"""
    cases = [("jpeg", rng.choice([".jpg", ".JPG", ".Jpg"])), ("jpeg", rng.choice([".jpeg", ".JPEG", ".jPeG"])),
             ("gif", rng.choice([".gif", ".GIF", ".Gif"])), ("png", rng.choice([".PNG", ".Png"]))]
    for kind, ext in cases:
        name, data, mime = image(rng, kind, ext=ext)
        assert_accepted(client, server, name, data, mime)


@pytest.mark.public
@pytest.mark.points(2)
def test_text_file_refused(client, server, rng):
    """A .txt file sent as text/plain is refused with 400 and not stored"""
    name = random_stem(rng, "notes") + ".txt"
    data = " ".join(random_stem(rng, "word") for _ in range(200)).encode()
    assert_refused(client, server, name, data, "text/plain", 400, "a text file", exact=True)


@pytest.mark.points(2)
def test_image_extension_with_wrong_mime_refused(client, server, rng):
    """An image extension with a non-image MIME type (photo.png as text/plain) is refused with 400"""
    name, data, _ = image(rng, "png")
    mime = rng.choice(["text/plain", "application/octet-stream"])
    assert_refused(client, server, name, data, mime, 400, f"a .png file declared as {mime}")


@pytest.mark.points(2)
def test_image_mime_with_wrong_extension_refused(client, server, rng):
    """A non-image extension with an image MIME type (notes.txt as image/png) is refused with 400"""
    kind = rng.choice(["png", "gif", "jpeg"])
    _, data, mime = image(rng, kind)
    name = random_stem(rng, "file") + rng.choice([".txt", ".html", ".exe"])
    assert_refused(client, server, name, data, mime, 400, f"a {name.rsplit('.', 1)[1]} file declared as {mime}")


@pytest.mark.points(2)
def test_too_large_refused_with_413(client, server, rng):
    """A file of 5 MiB + 1 byte is refused with 413 and not stored"""
    kind = rng.choice(["png", "jpeg"])
    name, data, mime = image(rng, kind, size=MAX_BYTES + 1)
    assert_refused(client, server, name, data, mime, 413, "a file of 5 MiB + 1 byte", exact=True)


@pytest.mark.points(1)
def test_exactly_5_mib_accepted(client, server, rng):
    """A file of exactly 5 MiB is accepted and stored intact"""
    kind = rng.choice(["png", "gif"])
    name, data, mime = image(rng, kind, size=MAX_BYTES)
    assert_accepted(client, server, name, data, mime)


@pytest.mark.points(1)
def test_missing_file_refused(client, rng):
    """POST /upload without a file part (only a text field, or no body) answers 400"""
    response = client.post("/upload", data={"note": random_stem(rng, "note")},
                           files={"other": (None, random_stem(rng, "value"))})
    assert_error(response, 400, "a multipart request without a file")
    response = client.post("/upload")
    assert_error(response, 400, "a request without a body")


@pytest.mark.points(2)
def test_same_name_not_overwritten(client, server, rng):
    """Two uploads with the same original name get different filenames and keep their own bytes"""
    name, first, mime = image(rng, "png")
    _, second, _ = image(rng, "png")
    a = assert_accepted(client, server, name, first, mime)
    b = assert_accepted(client, server, name, second, mime)
    assert a != b, f"two uploads named {name!r} were both stored as {a!r}: the second overwrote the first"
    assert sha(server.read_file(f"uploads/{a}")) == sha(first), (
        f"uploads/{a} (the first upload) changed after a second upload with the same original name"
    )
