"""Validate a Kubernetes manifest against the API's own models (the `kubernetes` Python client's,
generated from the Kubernetes OpenAPI spec), strictly: the client's deserializer drops a field it
does not know (a misspelt `completionmode` would pass silently), so every key is first checked
against the model's attribute map and every value against its declared type, then the object is
built with the client's models, which check required fields and enumerations."""

from __future__ import annotations

import re

from kubernetes import client

_LIST = re.compile(r"^List\[(.+)\]$")
_DICT = re.compile(r"^Dict\[str, (.+)\]$")
_SCALARS = {"str": str, "int": int, "bool": bool, "float": (int, float)}


def strict_errors(value, type_name: str, where: str = "") -> list[str]:
    """Every key the model does not declare and every value of the wrong type, with its path."""
    if m := _LIST.match(type_name):
        if not isinstance(value, list):
            return [f"{where}: a list expected, got {type(value).__name__}"]
        return [e for i, item in enumerate(value) for e in strict_errors(item, m.group(1), f"{where}[{i}]")]
    if m := _DICT.match(type_name):
        if not isinstance(value, dict):
            return [f"{where}: a map expected, got {type(value).__name__}"]
        return [e for k, item in value.items() for e in strict_errors(item, m.group(1), f"{where}.{k}")]
    if type_name in _SCALARS:
        ok = isinstance(value, _SCALARS[type_name]) and not (type_name != "bool" and isinstance(value, bool))
        return [] if ok else [f"{where}: {type_name} expected, got {value!r}"]
    if type_name in ("object", "datetime"):
        return []
    model = getattr(client, type_name)
    if not isinstance(value, dict):
        return [f"{where}: a {type_name} object expected, got {type(value).__name__}"]
    by_json = {json_key: attr for attr, json_key in model.attribute_map.items()}
    errors = []
    for key, item in value.items():
        if key not in by_json:
            errors.append(f"{where}.{key}: not a field of {type_name}")
        else:
            errors += strict_errors(item, model.openapi_types[by_json[key]], f"{where}.{key}")
    return errors


def to_model(doc: dict, type_name: str = "V1Job"):
    """The manifest as the client's model object; AssertionError listing every strict error."""
    errors = strict_errors(doc, type_name, type_name)
    assert not errors, "\n".join(errors)
    api = client.ApiClient()
    return api._ApiClient__deserialize(doc, type_name)  # the client's own deserializer (validates required fields)
