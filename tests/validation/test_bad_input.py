"""Everything a public validator receives: each bad input gets a clear message and exit 2, never a
traceback, never a hang, never a network call. The message is in the report's language (``--lang``,
else the setting: French), and the English one is worded as it always was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pvgraph.cli import cli
from pvgraph.settings import PROJECT_ROOT

from .bad_inputs import BAD_INPUTS, TURTLE_HEAD, BadInput
from .conftest import SUBMISSIONS


def place(file: str, case: BadInput, lang: str) -> str:
    """Where the CLI says the problem is, written out (not computed by the code under test)."""
    line, column = ("ligne", "colonne") if lang == "fr" else ("line", "column")
    text = file
    if case.line is not None:
        text += f", {line} {case.line}"
        if case.column is not None:
            text += f", {column} {case.column}"
    return text


def run_cli(args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None):
    runner = CliRunner()
    return runner.invoke(cli, args, input=stdin, env={"PVGRAPH_STORE": ":memory:", **(env or {})})


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_a_message_in_the_reports_language(name: str, lang: str, tmp_path: Path) -> None:
    case = BAD_INPUTS[name]
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    result = run_cli(["validate", str(path), "--lang", lang])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    first, *rest = result.output.splitlines()
    if lang == "fr":
        assert first == f"erreur : {place(str(path), case, 'fr')} : {case.fr}"
    else:
        prefix = f"error: {place(str(path), case, 'en')}: "
        assert first.startswith(prefix) and case.english_matches(first[len(prefix):]), first
    assert rest and rest[0].startswith("  → ")  # every message says what to do


def test_french_is_the_default_language_of_input_errors(tmp_path: Path) -> None:
    case = BAD_INPUTS["not utf-8"]
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    result = run_cli(["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"erreur : {path}, ligne 3, colonne 39 : {case.fr}\n")
    assert "enregistrez le fichier en UTF-8" in result.output
    english = run_cli(["validate", str(path)], env={"PVGRAPH_LANG": "en"})
    assert english.output.startswith(f"error: {path}, line 3, column 39: {case.en}\n")


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "the document is larger than the limit (907 bytes > 500)"),
    ("fr", "le document dépasse la taille maximale (907 octets pour un maximum de 500)"),
])
def test_too_large_file_exits_2(tmp_path: Path, lang: str, text: str) -> None:
    path = tmp_path / "big.ttl"
    path.write_bytes(TURTLE_HEAD + b'<http://example.org/a> rdfs:label "x" .\n' * 20)
    assert path.stat().st_size == 907
    result = run_cli(["validate", str(path), "--lang", lang], env={"PVGRAPH_MAX_BODY_BYTES": "500"})
    assert result.exit_code == 2
    assert f"{path}{' :' if lang == 'fr' else ':'} {text}" in result.output
    assert "PVGRAPH_MAX_BODY_BYTES" in result.output


@pytest.mark.parametrize(("lang", "missing", "directory"), [
    ("en", "file not found: {p}", "{p} is a directory, not a file"),
    ("fr", "fichier introuvable : {p}", "{p} est un dossier, pas un fichier"),
])
def test_missing_file_and_directory_exit_2(tmp_path: Path, lang: str, missing: str, directory: str) -> None:
    absent = tmp_path / "nope.ttl"
    result = run_cli(["validate", str(absent), "--lang", lang])
    assert result.exit_code == 2 and missing.format(p=absent) in result.output
    result = run_cli(["validate", str(tmp_path), "--lang", lang])
    assert result.exit_code == 2 and directory.format(p=tmp_path) in result.output


def test_empty_stdin_exits_2() -> None:
    result = run_cli(["validate", "-", "--lang", "en"], stdin=b"")
    assert result.exit_code == 2 and "error: <stdin>: standard input is empty" in result.output
    result = run_cli(["validate", "-"], stdin=b"")
    assert result.exit_code == 2 and "erreur : <stdin> : l'entrée standard est vide" in result.output


def test_unrecognisable_stdin_is_an_unsupported_format_in_both_languages() -> None:
    result = run_cli(["validate", "-", "--lang", "en"], stdin=b"hello world, this is prose")
    assert result.exit_code == 2
    assert "<stdin>: cannot tell which RDF format this document is in" in result.output
    result = run_cli(["validate", "-", "--lang", "fr"], stdin=b"hello world, this is prose")
    assert "<stdin> : impossible de reconnaître le format RDF de ce document" in result.output


def test_stdin_format_is_told_by_content() -> None:
    jsonld = b'{"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}, "@id": "http://example.org/a", "rdfs:label": "a"}'
    for data in (jsonld, (SUBMISSIONS / "conforming.ttl").read_bytes()):
        result = run_cli(["validate", "-"], stdin=data)
        assert result.exit_code == 0, result.output


def test_owl_imports_are_not_followed_and_the_report_says_so(tmp_path: Path) -> None:
    path = tmp_path / "imports.ttl"
    path.write_bytes(b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                     b"<http://example.org/o> a owl:Ontology ; owl:imports <http://192.0.2.1/other.ttl> .\n")
    result = run_cli(["validate", str(path), "--format", "json", "--lang", "en"])
    assert result.exit_code == 0
    assert "owl:imports not followed" in result.output and "192.0.2.1" in result.output
    result = run_cli(["validate", str(path), "--format", "json", "--lang", "fr"])
    assert result.exit_code == 0
    assert "owl:imports non suivis" in result.output and "192.0.2.1" in result.output
    assert "not followed" not in result.output


def test_ill_typed_literal_is_a_violation_naming_the_field_not_a_crash() -> None:
    result = run_cli(["validate", str(SUBMISSIONS / "ill-typed-number.ttl")])
    assert result.exit_code == 1, result.output
    assert "pv:population" in result.output and "deux mille" in result.output
    assert "Traceback" not in result.output and "Failed to convert" not in result.output


@pytest.mark.parametrize(("lang", "text"), [("en", "cannot write the report"), ("fr", "impossible d'écrire le rapport")])
def test_unwritable_output_exits_2(tmp_path: Path, lang: str, text: str) -> None:
    result = run_cli(["validate", str(SUBMISSIONS / "conforming.ttl"), "--lang", lang,
                      "--output", str(tmp_path / "no" / "dir" / "r.txt")])
    assert result.exit_code == 2 and text in result.output


def test_real_subprocess_bad_input_and_report(tmp_path: Path) -> None:
    """`python -m pvgraph validate` as a steward runs it: stderr has the message, no traceback."""
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(BAD_INPUTS["not utf-8"].content)
    env = {**os.environ, "PVGRAPH_STORE": ":memory:"}
    run = subprocess.run([sys.executable, "-m", "pvgraph", "validate", str(bad)], capture_output=True,
                         text=True, timeout=120, cwd=PROJECT_ROOT, env=env, check=False)
    assert run.returncode == 2
    assert f"erreur : {bad}, ligne 3, colonne 39 : le document n'est pas en UTF-8" in run.stderr
    assert "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "pvgraph", "validate", str(bad), "--lang", "en"],
                         capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, env=env, check=False)
    assert run.returncode == 2
    assert f"error: {bad}, line 3, column 39: the document is not UTF-8 (byte 0xe9" in run.stderr
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, "-m", "pvgraph", "validate", str(SUBMISSIONS / "missing-project-lead.ttl"),
                          "--format", "html", "--output", str(out)], capture_output=True, text=True, timeout=120,
                         cwd=PROJECT_ROOT, env=env, check=False)
    assert run.returncode == 1, run.stderr
    assert "pv:ledBy" in out.read_text(encoding="utf-8")




def test_too_many_triples_is_refused_before_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from pvgraph.validation import validator

    monkeypatch.setattr(validator, "MAX_TRIPLES", 10)
    result = run_cli(["validate", str(SUBMISSIONS / "conforming.ttl"), "--lang", "en"])
    assert result.exit_code == 2
    assert "57 triples, more than the 10" in result.output and "split" in result.output
    result = run_cli(["validate", str(SUBMISSIONS / "conforming.ttl")])
    assert result.exit_code == 2
    assert "la contribution contient 57 triplets, plus que les 10" in result.output


def test_unknown_extension_is_recognised_by_content_or_the_hint_names_input_format(tmp_path: Path) -> None:
    path = tmp_path / "submission.txt"
    path.write_bytes((SUBMISSIONS / "conforming.ttl").read_bytes())
    # Turtle in a .txt file is recognised by its content, as standard input is.
    assert run_cli(["validate", str(path)]).exit_code == 0
    unknown = tmp_path / "notes.txt"
    unknown.write_text("Bonjour, ceci n'est pas du RDF.\n", encoding="utf-8")
    refused = run_cli(["validate", str(unknown)])
    assert refused.exit_code == 2 and "d'après son extension '.txt'" in refused.output
    assert "--input-format" in refused.output
    english = run_cli(["validate", str(unknown), "--lang", "en"])
    assert english.exit_code == 2 and "--input-format" in english.output
    result = run_cli(["validate", str(path), "--input-format", "turtle"])
    assert result.exit_code == 0, result.output
    # A wrong declared format is a syntax error naming the file, not a crash.
    result = run_cli(["validate", str(path), "--input-format", "jsonld"])
    assert result.exit_code == 2 and "submission.txt" in result.output


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_json_format_reports_an_unreadable_file_as_json(tmp_path: Path, lang: str) -> None:
    import json

    case = BAD_INPUTS["turtle syntax error"]
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json", "--lang", lang],
                                env={"PVGRAPH_STORE": ":memory:"})
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert body["error"] == case.code
    assert body["location"]["file"] == str(path)
    assert body["location"]["line"] == case.line
    assert body["message"].startswith("erreur de syntaxe" if lang == "fr" else "turtle syntax error")
    assert body["hint"]
