"""Hidden suite for challenge-23, Input Sanitization: POST /comment strips HTML, trims, validates."""


import pytest

from grader.testing import assert_bad_request, json_body, word

MAX_LENGTH = 500


def words(rng, count):
    return " ".join(word(rng) for _ in range(count))


def text_of_length(rng, length):
    """Letters and single spaces, no space at either end, exactly `length` characters."""
    chars = []
    while len(chars) < length:
        chars.extend(word(rng))
        chars.append(" ")
    chars = chars[:length]
    if chars[-1] == " ":
        chars[-1] = "z"
    return "".join(chars)


def post(client, text):
    return client.post("/comment", json={"text": text})


def accepted(client, text, what=None):
    """POSTs `text`, expects a success {"comment": <string>} and returns the comment. That the
    status is exactly 201 is its own check's subject: it costs that check alone."""
    what = what or f"POST /comment {text!r}"
    response = post(client, text)
    assert response.status_code in (200, 201), f"{what}: expected status 201, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("comment"), str), (
        f'{what}: expected {{"comment": <string>}}, got {body!r}'
    )
    return body["comment"]


def assert_comment(client, text, expected):
    comment = accepted(client, text)
    assert comment == expected, f"POST /comment {text!r}: comment must be {expected!r}, got {comment!r}"


@pytest.mark.public
@pytest.mark.points(2)
def test_tags_removed_text_kept(client, rng):
    """tags are removed and their text kept: 'Hello <b>world</b>' gives 'Hello world' (201)"""
    first, second, third = word(rng), word(rng), word(rng)
    response = post(client, f"{first} <b>{second}</b>")
    assert response.status_code == 201, f"POST /comment: expected status 201 Created, got {response.status_code}"
    assert_comment(client, f"{first} <b>{second}</b>", f"{first} {second}")
    assert_comment(client, f"<p>{first} <em>{second}</em> <a href=\"/x\">{third}</a></p>", f"{first} {second} {third}")


@pytest.mark.public
@pytest.mark.points(2)
def test_script_and_style_removed(client, rng):
    """<script> and <style> elements disappear with their content, whatever the tags' case"""
    kept, secret = words(rng, 2), word(rng)
    assert_comment(client, f"<script>alert('{secret}')</script>{kept}", kept)
    assert_comment(client, f"{kept}<style>.{secret} {{ display: none }}</style>", kept)
    assert_comment(client, f"<SCRIPT>alert('{secret}')</SCRIPT>{kept}", kept)
    assert_comment(client, f'<ScRiPt type="text/javascript">steal("{secret}")</sCrIpT>{kept}', kept)


@pytest.mark.public
@pytest.mark.points(2)
def test_empty_and_missing_rejected(client):
    """an empty or blank text, or a missing text, answers 400 with an error"""
    assert_bad_request(post(client, ""), "POST /comment with text ''")
    assert_bad_request(post(client, "  \n\t "), "POST /comment with a blank text")
    assert_bad_request(client.post("/comment", json={}), "POST /comment with {}")


@pytest.mark.points(3)
def test_xss_payloads(client, rng):
    """common XSS payloads come out as their plain text only"""
    templates = [
        "<img src=x onerror=alert(1)>{w}",
        '<svg onload="alert(1)">{w}</svg>',
        '<a href="javascript:alert(document.cookie)">{w}</a>',
        '<iframe src="javascript:alert(1)"></iframe>{w}',
        '<div onclick="alert(1)" title="say &quot;hi&quot;">{w}</div>',
        "<a href='#' onmouseover='alert(1)'>{w}</a>",
        "<IMG SRC=\"javascript:alert('XSS');\">{w}",
        "<body onload=alert('x')>{w}",
        '<img src="x" alt=\'a"b\' onerror="alert(1)">{w}',
        "<details open ontoggle=alert(1)>{w}</details>",
        "<!-- <script>alert(1)</script> -->{w}",
    ]
    rng.shuffle(templates)
    for template in templates:
        text = words(rng, rng.randint(1, 3))
        assert_comment(client, template.format(w=text), text)


@pytest.mark.points(2)
def test_malformed_tags_leave_no_markup(client, rng):
    """broken and nested tags leave no raw < or > and keep the words after them"""
    templates = [
        "<scr<script>ipt>alert(1)</script> {w}",
        "<<script>>alert(1)<</script> {w}",
        "<div title='a>b'>x</div> {w}",
        "<script>alert(1)</script\n> {w}",
        "<img src=x onerror=alert(1)//> {w}",
        "<<b>i>x</b> {w}",
    ]
    rng.shuffle(templates)
    for template in templates:
        text = word(rng, 10)
        payload = template.format(w=text)
        comment = accepted(client, payload)
        assert "<" not in comment and ">" not in comment, (
            f"POST /comment {payload!r}: the comment must not contain a raw < or >, got {comment!r}"
        )
        assert text in comment, f"POST /comment {payload!r}: the words after the tags must remain, got {comment!r}"


@pytest.mark.points(1)
def test_special_characters_escaped(client, rng):
    """&, < and > in plain text come back as &amp;, &lt; and &gt;"""
    first, second = word(rng), word(rng)
    a, b = rng.randint(1, 49), rng.randint(50, 99)
    assert_comment(
        client,
        f"{first} & {second}: {a} < {b} and {b} > {a}",
        f"{first} &amp; {second}: {a} &lt; {b} and {b} &gt; {a}",
    )


@pytest.mark.points(2)
def test_trim_after_sanitising(client, rng):
    """whitespace is trimmed after the tags are removed: '<p>  hi  </p>' gives 'hi'"""
    text, other = word(rng), words(rng, 2)
    assert_comment(client, f"  <p>  {text}  </p>  ", text)
    assert_comment(client, f"<div>\n\t{other}\n</div>", other)
    assert_comment(client, f"<b> </b>{text}<i> </i><span></span> ", text)


@pytest.mark.points(2)
def test_empty_after_sanitising(client, rng):
    """a text that is empty once sanitised ('<b></b>', only an image) answers 400"""
    # nothing but markup: the whitespace left between tags is its own check's subject,
    # a script's content its own check's
    for text in ("<b></b>", f'<img src=x alt="{word(rng)}" onerror=alert(1)>', "<p></p><i></i>",
                 f'<a href="/{word(rng)}"></a>'):
        assert_bad_request(post(client, text), f"POST /comment {text!r}")


@pytest.mark.points(2)
def test_length_limit(client, rng):
    """a 500-character comment is accepted and a 501-character one answers 400"""
    text = text_of_length(rng, MAX_LENGTH)
    comment = accepted(client, text, "POST /comment with 500 characters")
    assert comment == text, "a 500-character plain comment must come back unchanged"
    assert_bad_request(post(client, text_of_length(rng, MAX_LENGTH + 1)), "POST /comment with 501 characters")


@pytest.mark.points(2)
def test_length_counted_after_sanitising(client, rng):
    """the length is measured after sanitising and trimming: tags and outer spaces do not count"""
    text = text_of_length(rng, MAX_LENGTH)
    wrapped = f'<p class="comment"><b>{text[:250]}</b>{text[250:]}</p>'
    comment = accepted(client, wrapped, "POST /comment with 500 characters of text inside tags")
    assert comment == text, "the tags must be removed and the 500 characters of text kept"
    accepted(client, f"   {text}\n\n   ", "POST /comment with 500 characters and surrounding whitespace")


@pytest.mark.points(1)
def test_invalid_input(client):
    """a text that is not a string, a non-object body or invalid JSON answers 400"""
    for payload in ({"text": 42}, {"text": None}, {"text": ["a"]}, {"text": {"b": 1}}, {"comment": "x"}, ["text"]):
        assert_bad_request(client.post("/comment", json=payload), f"POST /comment {payload!r}")
    response = client.post("/comment", content=b'{"text": "unterminated',
                           headers={"Content-Type": "application/json"})
    assert_bad_request(response, "POST /comment with invalid JSON")
