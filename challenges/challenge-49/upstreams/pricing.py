"""The pricing-service's data, derived from the sku alone, so that the hidden suite can compute
what the upstream answers (it imports this module) and a hard-coded answer cannot match it."""

import hashlib
import re

SKU = re.compile(r"^SKU-[0-9]{1,6}$")  # every sku of this form exists; any other is unknown (404)


def known(sku: str) -> bool:
    return bool(SKU.match(sku))


def price(sku: str) -> dict:
    h = hashlib.sha256(f"price:{sku}".encode()).digest()
    return {"sku": sku, "price": round(1 + int.from_bytes(h[:4], "big") % 99_900 / 100, 2), "currency": "EUR"}
