"""Hidden suite for challenge-32 (streaming): GET /download streams a 300 MiB file from DATA_DIR.

Bodies are never held in memory here: the full download is read with `client.stream` and hashed
chunk by chunk (challenge.toml raises the client's response cap above the file's size).
"""

import hashlib
import string
import time

import pytest

from grader.testing import assert_status, json_body

NAME = "large.bin"
MiB = 1024 * 1024


def data_file(data_files):
    return data_files[NAME]


def read_range(data_files, start, end):
    """Bytes start..end (inclusive) of the run's file, read from the grader's side."""
    with open(data_file(data_files).host_path, "rb") as fh:
        fh.seek(start)
        return fh.read(end - start + 1)


def assert_alive(server, after):
    gone = server.gone()
    assert gone is None, f"the server died {after}: {gone} (its memory limit is 256 MiB: stream the file, do not read it whole)"


def download(client, pause_after=None, pause=0.0):
    """Stream GET /download, hashing on the fly: (response, bytes received, sha256 hex)."""
    digest = hashlib.sha256()
    received = 0
    paused = pause_after is None
    with client.stream("GET", "/download") as response:
        assert_status(response, 200)
        for chunk in response.iter_bytes():
            digest.update(chunk)
            received += len(chunk)
            if not paused and received >= pause_after:
                paused = True
                time.sleep(pause)
    return response, received, digest.hexdigest()


def assert_whole_file(data_files, received, sha):
    expected = data_file(data_files)
    assert received == expected.size, (
        f"the body must be the whole file: {expected.size} bytes expected, {received} received"
    )
    assert sha == expected.sha256, "the body has the file's size but not its content (SHA-256 differs)"


def disposition_filename(value):
    parts = [p.strip() for p in value.split(";")]
    names = []
    for p in parts[1:]:
        key, _, v = p.partition("=")
        key = key.strip().lower()
        if key == "filename":
            names.append(v.strip().strip('"'))
        elif key == "filename*":
            names.append(v.strip().split("''", 1)[-1])
    return parts[0].lower(), names


def check_range(client, data_files, start, end):
    size = data_file(data_files).size
    with client.stream("GET", "/download", headers={"Range": f"bytes={start}-{end}"}) as response:
        # never read a whole 300 MiB body that answers a range request with 200
        assert_status(response, 206)
        content_range = response.headers.get("content-range", "")
        assert content_range.replace(" ", "") == f"bytes{start}-{end}/{size}", (
            f"Range bytes={start}-{end}: Content-Range must be 'bytes {start}-{end}/{size}', got {content_range!r}"
        )
        want = end - start + 1
        length = response.headers.get("content-length")
        # a missing Content-Length is its own check's subject; a wrong one is this check's
        assert length in (None, str(want)), f"Range bytes={start}-{end}: Content-Length must be {want}, got {length!r}"
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > want:
                break
    assert len(body) == want, f"Range bytes={start}-{end}: the body must be {want} bytes, got {len(body)}"
    assert bytes(body) == read_range(data_files, start, end), (
        f"Range bytes={start}-{end}: the body is not the file's bytes {start} to {end} (both included)"
    )


# --- checks --------------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(3)
def test_full_download(client, server, data_files):
    """GET /download streams the whole 300 MiB file unchanged and the server keeps running"""
    _, received, sha = download(client)
    assert_whole_file(data_files, received, sha)
    assert_alive(server, "after a full download")


@pytest.mark.public
@pytest.mark.points(1)
def test_download_type_and_length(client, server, data_files):
    """GET /download sends Content-Type application/octet-stream and the file's exact Content-Length"""
    with client.stream("GET", "/download") as response:  # headers only: closed before the body is read
        assert_status(response, 200)
        ctype = response.headers.get("content-type", "")
        assert ctype.split(";")[0].strip().lower() == "application/octet-stream", (
            f"Content-Type must be application/octet-stream, got {ctype!r}"
        )
        size = data_file(data_files).size
        length = response.headers.get("content-length")
        assert length == str(size), (
            f"Content-Length must be the file's size ({size}), got {length!r}"
            + (" (the response is chunked: set Content-Length from the file's stat)" if length is None else "")
        )
    time.sleep(0.2)
    assert_alive(server, "after a client closed a download halfway")


@pytest.mark.public
@pytest.mark.points(1)
def test_download_is_named_attachment(client):
    """GET /download sends Content-Disposition: attachment; filename="large.bin" """
    with client.stream("GET", "/download") as response:
        assert_status(response, 200)
        value = response.headers.get("content-disposition")
        assert value, 'the download must send Content-Disposition: attachment; filename="large.bin"'
        kind, names = disposition_filename(value)
        assert kind == "attachment", f"Content-Disposition must be an attachment, got {value!r}"
        assert NAME in names, f"Content-Disposition must name the file {NAME}, got {value!r}"


@pytest.mark.points(2)
def test_slow_reader(client, server, data_files):
    """A client that pauses mid-download still gets the whole file; the server respects backpressure"""
    _, received, sha = download(client, pause_after=4 * MiB, pause=1.5)
    assert_alive(server, "while a slow client was downloading (it buffered the file instead of pausing the read)")
    assert_whole_file(data_files, received, sha)


@pytest.mark.points(2)
def test_head_download(client, server, data_files):
    """HEAD /download answers 200 with the download headers and no body"""
    response = client.head("/download")
    assert_status(response, 200)
    size = data_file(data_files).size
    # a missing or wrong Content-Length on GET is its own check's subject
    assert response.headers.get("content-length") in (None, str(size)), (
        f"HEAD must announce the full Content-Length ({size}), got {response.headers.get('content-length')!r}"
    )
    ctype = response.headers.get("content-type", "")
    assert ctype.split(";")[0].strip().lower() == "application/octet-stream", (
        f"HEAD: Content-Type must be application/octet-stream, got {ctype!r}"
    )
    # a body after a HEAD response would corrupt the connection: the next request must still work
    follow = client.head("/download")
    assert_status(follow, 200)
    assert_alive(server, "after HEAD requests")


@pytest.mark.points(1)
def test_other_paths_404_json(client, rng):
    """Other paths such as /download/missing.bin answer 404 with a JSON error"""
    token = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
    for path in (f"/download/{token}.bin", f"/files/{NAME}", f"/{token}"):
        response = client.get(path)
        assert_status(response, 404)
        body = json_body(response)
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"].strip(), (
            f'GET {path}: the 404 body must be {{"error": "<message>"}}, got {body!r}'
        )


@pytest.mark.points(2)
def test_byte_ranges(client, data_files, rng):
    """Range requests (start, middle, end of the file) get 206, Content-Range and exactly those bytes"""
    size = data_file(data_files).size
    length = rng.randint(1, 64 * 1024)
    ranges = [(0, rng.randint(0, 256 * 1024))]
    start = rng.randint(1, size - 2 * MiB)
    ranges.append((start, start + rng.randint(0, MiB)))
    ranges.append((size - length, size - 1))
    rng.shuffle(ranges)
    # a single byte, always last: a server that crashes on it (createReadStream's end < start)
    # must not crash on some seeds' orders and fail cleanly on others'
    start = rng.randint(MiB, size - MiB)
    ranges.append((start, start))
    for start, end in ranges:
        check_range(client, data_files, start, end)
