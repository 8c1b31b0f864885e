"""Hidden suite for challenge-42, Image Processing: POST /images/resize fits an upload inside a box
(aspect kept, never enlarged) and converts it between JPEG, PNG and WebP.

The grader makes every image with Pillow (random sizes, four coloured quadrants in a random
order) and decodes the answers with Pillow: it judges format, dimensions and colours, never
bytes, so any library's encoder passes. The side the box does not limit may be one pixel off
the exact value, as the spec allows for rounding.
"""

import io

import pytest
from PIL import Image

from grader.testing import assert_error

ROUTE = "/images/resize"
PALETTE = [(230, 30, 30), (30, 200, 40), (30, 60, 230), (240, 220, 20)]  # far apart, even after JPEG
COLOUR_TOLERANCE = 60  # per channel: lossy encoders and the blur of a resampling filter
PILLOW = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
LIMIT = 2 * 1024 * 1024


def quadrants(rng, size):
    """An RGB image of four coloured quadrants; returns it and the colours (TL, TR, BL, BR)."""
    colours = PALETTE[:]
    rng.shuffle(colours)
    w, h = size
    image = Image.new("RGB", size)
    boxes = [(0, 0, w // 2, h // 2), (w // 2, 0, w, h // 2), (0, h // 2, w // 2, h), (w // 2, h // 2, w, h)]
    for box, colour in zip(boxes, colours):
        image.paste(colour, box)
    return image, colours


def encode(image, fmt):
    buffer = io.BytesIO()
    image.save(buffer, format=PILLOW[fmt], **({"quality": 92} if fmt in ("jpeg", "webp") else {}))
    return buffer.getvalue()


def random_size(rng):
    return rng.randint(300, 900), rng.randint(200, 700)


def post(client, data, filename="upload.png", content_type="image/png", **fields):
    return client.post(ROUTE, files={"image": (filename, data, content_type)},
                       data={k: str(v) for k, v in fields.items()})


def describe(fields):
    return f"POST {ROUTE} with " + ", ".join(f"{k}={v}" for k, v in fields.items())


def decoded(response, fmt, what):
    """The answered image, asserted to be a 200 in `fmt` with the matching Content-Type."""
    if response.status_code != 200:
        raise AssertionError(f"{what}: expected status 200 with an image, got {response.status_code}: {response.text[:200]!r}")
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    assert ctype == MIME[fmt], f"{what}: Content-Type must be {MIME[fmt]}, got {ctype or '(none)'!r}"
    try:
        image = Image.open(io.BytesIO(response.content))
        image.load()
    except Exception as exc:
        raise AssertionError(f"{what}: the body is not an image Pillow can decode ({exc})") from None
    assert image.format == PILLOW[fmt], f"{what}: the body must be a {PILLOW[fmt]} image, Pillow reads {image.format}"
    return image


def expected_size(original, width=None, height=None):
    w, h = original
    scale = min(s / o for s, o in ((width, w), (height, h)) if s is not None)
    scale = min(scale, 1.0)
    return w * scale, h * scale


def assert_size(image, original, what, width=None, height=None):
    """Exact on the limiting side (or both when not scaled), within a pixel on the other."""
    ew, eh = expected_size(original, width, height)
    got = image.size
    shown = f"{original[0]}x{original[1]} into width={width}, height={height}"
    if ew == original[0] and eh == original[1]:
        assert got == original, f"{what}: {shown} must not be enlarged: expected {original[0]}x{original[1]}, got {got[0]}x{got[1]}"
        return
    limited_by_width = width is not None and (height is None or width / original[0] <= height / original[1])
    exact, derived = (0, 1) if limited_by_width else (1, 0)
    want = (ew, eh)
    assert got[exact] == round(want[exact]), (
        f"{what}: {shown}: the {'width' if exact == 0 else 'height'} limits, so it must be {round(want[exact])}; "
        f"got {got[0]}x{got[1]}"
    )
    assert abs(got[derived] - want[derived]) <= 1, (
        f"{what}: {shown}: the aspect ratio gives {'width' if derived == 0 else 'height'} {want[derived]:.1f} "
        f"(one pixel either way is fine), got {got[0]}x{got[1]}"
    )


@pytest.mark.public
@pytest.mark.points(3)
def test_resize_by_width(client, rng):
    """a PNG resized by width keeps its aspect ratio and comes back as a PNG"""
    size = random_size(rng)
    image, _ = quadrants(rng, size)
    fields = {"width": rng.randint(size[0] // 4, size[0] // 2)}
    what = f"{describe(fields)} ({size[0]}x{size[1]} PNG)"
    assert_size(decoded(post(client, encode(image, "png"), **fields), "png", what), size, what, **fields)


@pytest.mark.points(2)
def test_resize_by_height(client, rng):
    """an image resized by height keeps its aspect ratio"""
    size = random_size(rng)
    image, _ = quadrants(rng, size)
    fields = {"height": rng.randint(size[1] // 4, size[1] // 2), "format": "png"}
    what = f"{describe(fields)} ({size[0]}x{size[1]} PNG)"
    out = decoded(post(client, encode(image, "png"), **fields), "png", what)
    assert_size(out, size, what, height=fields["height"])


@pytest.mark.points(2)
def test_fit_inside_box(client, rng):
    """with width and height the image fits inside the box: the tighter side limits, the ratio stays"""
    for limiting in ("width", "height"):
        size = random_size(rng)
        image, _ = quadrants(rng, size)
        w, h = size
        if limiting == "width":  # the box is relatively much taller than the image
            width = rng.randint(w // 5, w // 3)
            height = min(4000, round(h * width / w * 1.5) + 10)
        else:
            height = rng.randint(h // 5, h // 3)
            width = min(4000, round(w * height / h * 1.5) + 10)
        fields = {"width": width, "height": height, "format": "png"}
        what = f"{describe(fields)} ({w}x{h} PNG)"
        out = decoded(post(client, encode(image, "png"), **fields), "png", what)
        assert_size(out, size, what, width=width, height=height)


@pytest.mark.points(1)
def test_never_enlarged(client, rng):
    """an image smaller than the box keeps its size (and is still converted)"""
    size = rng.randint(40, 120), rng.randint(40, 120)
    image, _ = quadrants(rng, size)
    fields = {"width": size[0] * 3, "height": size[1] * 2, "format": "jpeg"}
    what = f"{describe(fields)} ({size[0]}x{size[1]} PNG)"
    out = decoded(post(client, encode(image, "png"), **fields), "jpeg", what)
    assert out.size == size, f"{what}: a smaller image must not be enlarged: expected {size[0]}x{size[1]}, got {out.size[0]}x{out.size[1]}"


@pytest.mark.points(2)
def test_content_scaled_not_cropped(client, rng):
    """the picture is scaled, not cropped: each quadrant keeps its colour in the result"""
    size = random_size(rng)
    image, colours = quadrants(rng, size)
    fields = {"width": size[0] // 3, "format": "png"}
    what = f"{describe(fields)} ({size[0]}x{size[1]} PNG of four coloured quadrants)"
    out = decoded(post(client, encode(image, "png"), **fields), "png", what).convert("RGB")
    w, h = out.size
    names = ("top-left", "top-right", "bottom-left", "bottom-right")
    for (fx, fy), colour, name in zip(((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)), colours, names):
        got = out.getpixel((int(w * fx), int(h * fy)))
        assert all(abs(a - b) <= COLOUR_TOLERANCE for a, b in zip(got, colour)), (
            f"{what}: the {name} quadrant must stay colour {colour}, got {got} at its centre: "
            f"the whole picture must be scaled, not cropped or moved"
        )


@pytest.mark.public
@pytest.mark.points(3)
def test_format_conversion(client, rng):
    """format=jpeg, png and webp convert the image, with the matching Content-Type"""
    for source, target in (("png", "jpeg"), ("png", "webp"), ("jpeg", "png"), ("webp", "jpeg")):
        size = random_size(rng)
        image, _ = quadrants(rng, size)
        fields = {"width": rng.randint(size[0] // 4, size[0] // 2), "format": target}
        what = f"{describe(fields)} ({size[0]}x{size[1]} {source.upper()})"
        response = post(client, encode(image, source), filename=f"in.{source}", content_type=MIME[source], **fields)
        assert_size(decoded(response, target, what), size, what, width=fields["width"])


@pytest.mark.points(1)
def test_default_format_kept(client, rng):
    """without format the result keeps the input's format"""
    for source in ("jpeg", "webp"):
        size = random_size(rng)
        image, _ = quadrants(rng, size)
        fields = {"width": size[0] // 2}
        what = f"{describe(fields)} ({source.upper()}, no format field)"
        decoded(post(client, encode(image, source), filename=f"in.{source}", content_type=MIME[source], **fields),
                source, what)


@pytest.mark.public
@pytest.mark.points(1)
def test_bad_parameters_are_400(client, rng):
    """a missing image part, a bad width or height, no size at all or an unknown format answer 400"""
    image, _ = quadrants(rng, (64, 48))
    png = encode(image, "png")
    # multipart with a text part only: (None, value) is a part without a file name
    response = client.post(ROUTE, files={"width": (None, "10")})
    assert_error(response, 400, f"POST {ROUTE} (multipart) without an image part")
    for fields in ({"width": 0}, {"width": "abc"}, {"height": 4001}, {"width": -5}, {"format": "png"},
                   {"width": 10, "format": "bmp"}):
        assert_error(post(client, png, **fields), 400, describe(fields))


@pytest.mark.points(2)
def test_not_an_image_is_415(client, rng):
    """a file that is not a JPEG, PNG or WebP image (whatever its name and type say) answers 415"""
    text = ("not an image, only text " * rng.randint(5, 20)).encode()
    assert_error(post(client, text, filename="photo.png", content_type="image/png", width=10), 415,
                 f"POST {ROUTE} with a text file named photo.png sent as image/png")
    gif = io.BytesIO()
    quadrants(rng, (60, 40))[0].save(gif, format="GIF")
    assert_error(post(client, gif.getvalue(), filename="anim.png", content_type="image/png", width=10, format="png"),
                 415, f"POST {ROUTE} with a GIF image (named anim.png, sent as image/png, format=png)")


@pytest.mark.points(2)
def test_upload_size_limit(client, rng):
    """a file over 2 MiB answers 413, while a 1.9 MiB image is processed"""

    def noise_png(target):
        # random pixels do not compress: a PNG of n pixels takes a little over 3n bytes
        side = int((target / 3) ** 0.5)
        data = encode(Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)), "png")
        return data, side

    big, _ = noise_png(LIMIT * 1.08)
    assert len(big) > LIMIT, f"grader: the noise PNG is only {len(big)} bytes"
    assert_error(post(client, big, width=100), 413, f"POST {ROUTE} with a {len(big)}-byte PNG (over 2 MiB)")
    fits, side = noise_png(LIMIT * 0.9)
    assert len(fits) <= LIMIT, f"grader: the noise PNG is {len(fits)} bytes"
    what = f"POST {ROUTE} with a {len(fits)}-byte {side}x{side} PNG (under 2 MiB), width=100"
    assert_size(decoded(post(client, fits, width=100), "png", what), (side, side), what, width=100)
