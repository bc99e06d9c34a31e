"""Property-based: whatever bytes a steward sends, `pvgraph validate` ends with exit 0, 1 or 2 and a
message, never an internal error (70) or a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pvgraph.cli import cli

from .conftest import SUBMISSIONS

SEED_FILES = sorted(SUBMISSIONS.glob("*.ttl"))
SEEDS = [p.read_bytes() for p in SEED_FILES]
EXTENSIONS = [".ttl", ".trig", ".nt", ".nq", ".rdf", ".jsonld", ".json", ".txt", ""]
TOKENS = [b"<", b">", b'"', b"\\", b"@prefix", b" a ", b";", b".", b"^^xsd:integer", b"_:b", b"@fr",
          b"pv:ledBy", b"pv:population", b"\xff", b"\x00", b"{", b"}", b"[", b"]", b"<!ENTITY", b'"""']


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """An example submission with a few random cuts, insertions and substitutions."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "insert", "token", "truncate"]))
        if kind == "cut":
            data[position:position + draw(st.integers(1, 40))] = b""
        elif kind == "insert":
            data[position:position] = draw(st.binary(max_size=8))
        elif kind == "token":
            data[position:position] = draw(st.sampled_from(TOKENS))
        else:
            del data[position:]
    return bytes(data)


documents = st.one_of(
    mutated(),
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
)


def run(data: bytes, extension: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"submission{extension}"
        path.write_bytes(data)
        result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"],
                                    env={"PVGRAPH_STORE": ":memory:"})
    return result.exit_code, result.output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=documents, extension=st.sampled_from(EXTENSIONS))
def test_validate_always_ends_with_0_1_or_2_and_a_message(data: bytes, extension: str) -> None:
    code, output = run(data, extension)
    assert code in (0, 1, 2), output
    assert output.strip()
    assert "Traceback" not in output and "internal error" not in output


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=documents)
def test_stdin_input_too(data: bytes) -> None:
    result = CliRunner().invoke(cli, ["validate", "-"], input=data, env={"PVGRAPH_STORE": ":memory:"})
    assert result.exit_code in (0, 1, 2), result.output
    assert result.output.strip()
