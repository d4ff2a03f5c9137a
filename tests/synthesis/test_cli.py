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
