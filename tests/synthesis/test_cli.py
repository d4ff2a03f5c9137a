import json

from click.testing import CliRunner

from workshop.synthesis.cli import synthesize_command

from .conftest import DATA

SAMPLE = str(DATA / "session_mag_fr.json")


def run(args, input=None):
    return CliRunner().invoke(synthesize_command, args, input=input)


def test_json_to_stdout_has_themes_and_positions():
    result = run([SAMPLE])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert all({"label", "keywords", "contributions"} <= set(t) for t in out["themes"])
    [minority] = [m for m in out["minorities"] if m["contribution"] == "i1"]
    assert (minority["agree"], minority["disagree"], minority["abstain"]) == (9, 1, 1)
    assert {d["contribution"] for d in out["divergences"]} == {"i2", "i4"}
    assert [c["contribution"] for c in out["convergences"]] == ["i3"]


def test_themes_option_fixes_the_number_of_themes():
    out = json.loads(run([SAMPLE, "--themes", "2"]).stdout)
    assert len(out["themes"]) == 2


def test_faulty_field_exits_2_and_names_it(tmp_path, sample):
    sample["contributions"][0]["kind"] = "anecdote"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    result = run([str(path)])
    assert result.exit_code == 2
    assert "contributions[0].kind" in result.stderr
    assert "anecdote" in result.stderr
    assert result.stdout == ""


def test_bad_json_and_wrong_format_exit_2(tmp_path, sample):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "tourdetable.session/1", ', encoding="utf-8")
    result = run([str(path)])
    assert result.exit_code == 2 and "not valid JSON" in result.stderr
    sample["format"] = "other/1"
    result = run(["-"], input=json.dumps(sample))
    assert result.exit_code == 2 and "format: unsupported format 'other/1'" in result.stderr


def test_missing_file_exits_2():
    result = run(["/nonexistent/session.json"])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_markdown_and_docx_outputs(tmp_path):
    result = run([SAMPLE, "--format", "md"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Groupe 3")
    assert "9 d'accord, 1 pas d'accord, 1 sans avis" in result.stdout
    result = run([SAMPLE, "--format", "docx"])
    assert result.exit_code == 2 and "-o" in result.stderr
    out = tmp_path / "r.docx"
    result = run([SAMPLE, "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0 and out.read_bytes()[:2] == b"PK"


def test_json_to_file(tmp_path):
    out = tmp_path / "s.json"
    assert run([SAMPLE, "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "tourdetable.synthesis/1"


def test_a_file_nested_100000_deep_exits_2_with_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run([str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "nested deeper than" in result.stderr


def test_a_huge_number_and_binary_content_exit_2(tmp_path):
    number = tmp_path / "number.json"
    number.write_text('{"format": ' + "9" * 100_000 + "}", encoding="utf-8")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path in (number, binary):
        result = run([str(path)])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr


def test_control_characters_in_texts_do_not_break_the_docx(tmp_path, sample):
    from docx import Document

    sample["contributions"][0]["text"] = "avant\x00\x01\x0b\x1f après"
    sample["session"]["title"] = "Titre\x00"
    path = tmp_path / "nul.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    out = tmp_path / "out.docx"
    result = run([str(path), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "avant après" in text
