"""Everything a public validator receives: each bad input gets a clear message and exit 2, never a
traceback, never a hang, never a network call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.settings import PROJECT_ROOT

from .conftest import SUBMISSIONS

TURTLE_HEAD = b"@prefix pv: <https://w3id.org/pvgraph/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&lol4;</rdfs:label></rdf:Description></rdf:RDF>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&xxe;</rdfs:label></rdf:Description></rdf:RDF>
"""

# name → (file name, content, words the message must contain)
BAD_INPUTS: dict[str, tuple[str, bytes, tuple[str, ...]]] = {
    "turtle syntax error": ("broken.ttl", TURTLE_HEAD + b'<http://example.org/a> rdfs:label "open ;\n',
                            ("broken.ttl", "line 3", "syntax")),
    "json-ld syntax error": ("broken.jsonld", b'{"@id": "http://example.org/a", ', ("broken.jsonld", "line 1", "syntax")),
    "empty file": ("empty.ttl", b"", ("empty.ttl", "empty")),
    "blank file": ("blank.ttl", b"  \n\t\n", ("blank.ttl", "empty")),
    "binary file": ("image.ttl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("image.ttl", "binary")),
    "unknown extension": ("data.txt", TURTLE_HEAD, ("data.txt", ".txt")),
    "no extension": ("data", TURTLE_HEAD, ("data", "extension")),
    "not utf-8": ("latin1.ttl", TURTLE_HEAD + '<http://example.org/a> rdfs:label "café" .\n'.encode("latin-1"),
                  ("latin1.ttl", "UTF-8", "line 3")),
    "billion laughs": ("bomb.rdf", BILLION_LAUGHS, ("bomb.rdf", "entities", "refused")),
    "external entity": ("xxe.rdf", EXTERNAL_ENTITY, ("xxe.rdf", "entities", "refused")),
    "remote json-ld context": ("remote.jsonld",
                               b'{"@context": "https://example.org/context.jsonld", "@id": "http://example.org/a", "name": "x"}',
                               ("remote.jsonld", "@context", "never fetches")),
    "rdf/xml not well-formed": ("broken.rdf", b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><a>",
                                ("broken.rdf",)),
    "n-triples error": ("broken.nt", b"<http://example.org/a> <http://example.org/b> .\n", ("broken.nt", "syntax")),
}


def run_cli(args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None):
    runner = CliRunner()
    return runner.invoke(cli, args, input=stdin, env={"PVGRAPH_STORE": ":memory:", **(env or {})})


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_a_message(name: str, tmp_path: Path) -> None:
    filename, content, words = BAD_INPUTS[name]
    path = tmp_path / filename
    path.write_bytes(content)
    result = run_cli(["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = result.output
    for word in words:
        assert word.lower() in message.lower(), message
    assert "→" in message  # every message says what to do


def test_too_large_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_bytes(TURTLE_HEAD + b'<http://example.org/a> rdfs:label "x" .\n' * 20)
    result = run_cli(["validate", str(path)], env={"PVGRAPH_MAX_BODY_BYTES": "500"})
    assert result.exit_code == 2
    assert "larger than the limit" in result.output and "PVGRAPH_MAX_BODY_BYTES" in result.output


def test_missing_file_and_directory_exit_2(tmp_path: Path) -> None:
    assert run_cli(["validate", str(tmp_path / "nope.ttl")]).exit_code == 2
    result = run_cli(["validate", str(tmp_path)])
    assert result.exit_code == 2 and "directory" in result.output


def test_empty_stdin_exits_2() -> None:
    result = run_cli(["validate", "-"], stdin=b"")
    assert result.exit_code == 2 and "empty" in result.output


def test_stdin_format_is_told_by_content() -> None:
    jsonld = b'{"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}, "@id": "http://example.org/a", "rdfs:label": "a"}'
    for data in (jsonld, (SUBMISSIONS / "conforming.ttl").read_bytes()):
        result = run_cli(["validate", "-"], stdin=data)
        assert result.exit_code == 0, result.output


def test_owl_imports_are_not_followed_and_the_report_says_so(tmp_path: Path) -> None:
    path = tmp_path / "imports.ttl"
    path.write_bytes(b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                     b"<http://example.org/o> a owl:Ontology ; owl:imports <http://192.0.2.1/other.ttl> .\n")
    result = run_cli(["validate", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert "owl:imports not followed" in result.output and "192.0.2.1" in result.output


def test_ill_typed_literal_is_a_violation_naming_the_field_not_a_crash() -> None:
    result = run_cli(["validate", str(SUBMISSIONS / "ill-typed-number.ttl")])
    assert result.exit_code == 1, result.output
    assert "pv:population" in result.output and "deux mille" in result.output
    assert "Traceback" not in result.output and "Failed to convert" not in result.output


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    result = run_cli(["validate", str(SUBMISSIONS / "conforming.ttl"), "--output", str(tmp_path / "no" / "dir" / "r.txt")])
    assert result.exit_code == 2 and "cannot write" in result.output


def test_real_subprocess_bad_input_and_report(tmp_path: Path) -> None:
    """`python -m pvgraph validate` as a steward runs it: stderr has the message, no traceback."""
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(BAD_INPUTS["not utf-8"][1])
    env = {**os.environ, "PVGRAPH_STORE": ":memory:"}
    run = subprocess.run([sys.executable, "-m", "pvgraph", "validate", str(bad)], capture_output=True,
                         text=True, timeout=120, cwd=PROJECT_ROOT, env=env, check=False)
    assert run.returncode == 2
    assert "not UTF-8" in run.stderr and "Traceback" not in run.stderr
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, "-m", "pvgraph", "validate", str(SUBMISSIONS / "missing-project-lead.ttl"),
                          "--format", "html", "--output", str(out)], capture_output=True, text=True, timeout=120,
                         cwd=PROJECT_ROOT, env=env, check=False)
    assert run.returncode == 1, run.stderr
    assert "pv:ledBy" in out.read_text(encoding="utf-8")




def test_too_many_triples_is_refused_before_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from pvgraph.validation import validator

    monkeypatch.setattr(validator, "MAX_TRIPLES", 10)
    result = run_cli(["validate", str(SUBMISSIONS / "conforming.ttl")])
    assert result.exit_code == 2
    assert "57 triples, more than the 10" in result.output and "split" in result.output


def test_input_format_overrides_an_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "submission.txt"
    path.write_bytes((SUBMISSIONS / "conforming.ttl").read_bytes())
    assert run_cli(["validate", str(path)]).exit_code == 2
    result = run_cli(["validate", str(path), "--input-format", "turtle"])
    assert result.exit_code == 0, result.output
    # A wrong declared format is a syntax error naming the file, not a crash.
    result = run_cli(["validate", str(path), "--input-format", "jsonld"])
    assert result.exit_code == 2 and "submission.txt" in result.output
