"""What the fake provider and the hidden suite share: the registered client, the provider's users
(derived from the subject id alone) and the form of its authorization codes and access tokens.

Codes and tokens are HMAC-signed, so the suite can play the provider's consent screen (mint the
code the provider would have put in the redirect) without reaching the provider itself; the
provider still refuses a code it did not sign, one redeemed already, one past its lifetime, or one
bound to another client or redirect URI."""

import base64
import hashlib
import hmac
import json
import secrets
import time

CLIENT_ID = "live-grader-app"
CLIENT_SECRET = "s3cr3t-client-7f41c2a9e0b6"
REDIRECT_URI = "http://localhost:3000/auth/callback"
CODE_TTL = 120
TOKEN_TTL = 3600
_KEY = b"fake-provider-signing-key-3c9d1e7a"

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Hedy", "Alan", "Joan", "Guido"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Perlman", "Lamarr", "Turing", "Clarke"]


def user(sub: str) -> dict:
    """The provider's profile of `sub` (what /userinfo answers)."""
    h = hashlib.sha256(f"user:{sub}".encode()).digest()
    first, last = FIRST[h[0] % len(FIRST)], LAST[h[1] % len(LAST)]
    return {"sub": sub, "name": f"{first} {last}", "email": f"{first.lower()}.{last.lower()}.{sub}@fakeauth.example",
            "email_verified": True}


def _sign(kind: str, claims: dict) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(claims, sort_keys=True).encode()).decode().rstrip("=")
    mac = hmac.new(_KEY, f"{kind}.{payload}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{kind}.{payload}.{mac}"


def _verify(kind: str, token: str) -> dict | None:
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != kind:
        return None
    mac = hmac.new(_KEY, f"{kind}.{parts[1]}".encode(), hashlib.sha256).hexdigest()[:32]
    if not hmac.compare_digest(mac, parts[2]):
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    return claims if claims.get("exp", 0) > time.time() else None


def mint_code(sub: str, client_id: str = CLIENT_ID, redirect_uri: str = REDIRECT_URI, ttl: float = CODE_TTL) -> str:
    return _sign("code", {"sub": sub, "cid": client_id, "ru": redirect_uri, "n": secrets.token_hex(8),
                          "exp": time.time() + ttl})


def read_code(code: str) -> dict | None:
    return _verify("code", code)


def mint_token(sub: str) -> str:
    return _sign("at", {"sub": sub, "n": secrets.token_hex(8), "exp": time.time() + TOKEN_TTL})


def read_token(token: str) -> dict | None:
    return _verify("at", token)
