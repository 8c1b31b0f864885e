"""The fake services' data, derived from the id alone, so that the hidden suite can compute what the
upstreams answer (it imports this module) and a hard-coded answer cannot match it."""

import hashlib

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia",
         "Tim", "Hedy", "Alan", "Katherine", "Donald", "Sophie", "Guido", "Anita", "Bjarne", "Joan"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra",
        "Perlman", "Berners-Lee", "Lamarr", "Turing", "Johnson", "Knuth", "Wilson", "van Rossum", "Borg"]
ITEMS = ["keyboard", "monitor", "desk lamp", "USB-C hub", "headphones", "notebook", "standing desk",
         "webcam", "mouse", "chair", "coffee mug", "backpack", "charger", "SSD", "router"]

MAX_USER_ID = 499_999  # ids 1..MAX_USER_ID exist; every other id is unknown (404)


def _digest(kind: str, uid: int) -> bytes:
    return hashlib.sha256(f"{kind}:{uid}".encode()).digest()


def parse_id(text: str) -> int | None:
    """The user id in `text` when it names an existing user, else None."""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    uid = int(text)
    return uid if 1 <= uid <= MAX_USER_ID else None


def user(uid: int) -> dict:
    h = _digest("user", uid)
    first, last = FIRST[h[0] % len(FIRST)], LAST[h[1] % len(LAST)]
    return {"id": uid, "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower().replace(' ', '')}{h[2]}@example.com"}


def orders(uid: int) -> list[dict]:
    """0 to 3 orders of an existing user (none for an unknown one)."""
    if parse_id(str(uid)) is None:
        return []
    h = _digest("orders", uid)
    return [{"id": f"ord-{uid}-{k + 1}", "userId": uid, "item": ITEMS[h[3 + k] % len(ITEMS)],
             "total": round(5 + (h[8 + k] * 256 + h[12 + k]) % 50000 / 100, 2)}
            for k in range(h[0] % 4)]
