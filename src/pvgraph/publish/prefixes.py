"""The prefixes written in Turtle and TriG output, in one fixed order.

Why: a dump must be byte-identical for the same content, so its prefix lines cannot depend on
how a serialiser happens to order a map. :func:`with_stable_header` replaces the ``@prefix``
lines a serialiser wrote with the same declarations in this module's order.
"""

from __future__ import annotations

from pvgraph.namespaces import PREFIXES

EXTRA_PREFIXES = {
    "dcatap": "http://data.europa.eu/r5r/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}

# `pvid:` is left out: the things' local names hold slashes, which Turtle would escape (pvid:a\/b).
OUTPUT_PREFIXES: dict[str, str] = {
    **{p: iri for p, iri in PREFIXES.items() if p != "pvid"},
    **EXTRA_PREFIXES,
}


def with_stable_header(data: bytes, prefixes: dict[str, str] = OUTPUT_PREFIXES) -> bytes:
    """``data`` with its leading ``@prefix`` lines rewritten in the order of ``prefixes``."""
    position = 0
    declared: set[str] = set()
    while data.startswith(b"@prefix ", position):
        end = data.index(b"\n", position) + 1
        declared.add(data[position + 8: data.index(b":", position)].decode())
        position = end
    if not declared:
        return data
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes.items() if p in declared)
    return header.encode() + data[position:]
