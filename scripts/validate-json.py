#!/usr/bin/python3
"""Validates JSON documents against a JSON Schema (Debian's python3-jsonschema).

Usage: scripts/validate-json.py SCHEMA DOCUMENT...
Prints "DOCUMENT: valid" per document, or each error with its JSON path; exits 1 when one is
invalid and 2 when the schema or a document cannot be read.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-json: python3-jsonschema is missing (apt-get install python3-jsonschema)")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"validate-json: {sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"validate-json: {path}: {e}", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path)
            print(f"{path}: /{where}: {e.message}")
        if errors:
            bad += 1
        else:
            print(f"{path}: valid ({cls.__name__})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
