"""The inventory's data, derived from the SKU alone, so the hidden suite can compute what the
inventory-service answers (it imports this module) and a hard-coded answer cannot match it."""

import hashlib
import re

SKU = re.compile(r"SKU-[0-9]{1,9}")


def quantity(sku: str) -> int | None:
    """The stock of `sku`, or None when the inventory does not know it (anything but SKU-<digits>)."""
    if not SKU.fullmatch(sku):
        return None
    return int.from_bytes(hashlib.sha256(sku.encode()).digest()[:4], "big") % 1000
