"""The fake services' data, derived from ids alone, so that the hidden suite can compute what the
upstreams answer (it imports this module) and a hard-coded answer cannot match it."""

import hashlib

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra"]
CATEGORIES = ["books", "garden", "kitchen", "music", "office", "sports", "toys"]
NOUNS = ["lamp", "kettle", "racket", "novel", "stapler", "drum", "hose", "puzzle", "mug", "chair"]

MAX_ID = 99_999  # ids 1..MAX_ID exist, for users and products alike; other ids are unknown (404)
LISTED = 300  # GET /products searches the products 1..LISTED


def _digest(kind: str, n: int) -> bytes:
    return hashlib.sha256(f"{kind}:{n}".encode()).digest()


def parse_id(text: str) -> int | None:
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        return None
    n = int(text)
    return n if 1 <= n <= MAX_ID else None


def user(uid: int) -> dict:
    h = _digest("user", uid)
    first, last = FIRST[h[0] % len(FIRST)], LAST[h[1] % len(LAST)]
    return {"id": uid, "name": f"{first} {last}", "email": f"{first.lower()}.{last.lower()}{h[2]}@example.com"}


def product(pid: int) -> dict:
    h = _digest("product", pid)
    category = CATEGORIES[h[0] % len(CATEGORIES)]
    return {"id": pid, "name": f"{NOUNS[h[1] % len(NOUNS)]} {h[2]}", "category": category,
            "price": round(1 + int.from_bytes(h[3:6], "big") % 50_000 / 100, 2)}


def products(category: str | None, limit: int) -> list[dict]:
    """GET /products?category=&limit=: the first `limit` listed products of that category."""
    found = [product(n) for n in range(1, LISTED + 1)]
    if category:
        found = [p for p in found if p["category"] == category]
    return found[:limit]
