"""Reports made from a `RunResult`: terminal text, JSON (more formats follow the same model)."""
