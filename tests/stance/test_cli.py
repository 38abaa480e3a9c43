import json
import subprocess
import sys

import pytest

from stance.cli import main

SEED = "seeds/articles/001_d830e9625c749af3.txt"


def _run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "stance", *args], input=data, capture_output=True, check=False)


def test_cli_analyze_txt_prints_one_json_line(capsys) -> None:
    assert main(["analyze", SEED]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {"id", "title", "published", "text", "sentences", "events"}
    first = record["sentences"][1]
    assert record["text"][first["start"]:first["end"]] == first["text"]
    assert set(first) >= {"text", "start", "end", "labels", "scores", "evidence", "speaker", "event"}


def test_cli_analyze_stdin_jsonl_handles_many() -> None:
    articles = [{"id": f"a{i}", "text": f"Japan condemned launch number {i}. Seoul agreed to cooperate."}
                for i in range(5)]
    result = _run("analyze", "-", stdin="\n".join(json.dumps(a) for a in articles) + "\n")
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.decode().splitlines()]
    assert ids == [f"a{i}" for i in range(5)]


def test_cli_analyze_jobs_gives_the_same_lines_in_order() -> None:
    articles = [{"id": f"a{i}", "text": f"Japan condemned launch number {i}. He said Seoul agreed to cooperate."}
                for i in range(70)]  # more than two batches, so both workers get some
    stdin = "\n".join(json.dumps(a) for a in articles) + "\n"
    alone, together = _run("analyze", "-", stdin=stdin), _run("analyze", "-", "--jobs", "2", stdin=stdin)
    assert alone.returncode == together.returncode == 0, together.stderr
    assert together.stdout == alone.stdout
    assert len(together.stdout.splitlines()) == 70


def test_cli_analyze_refuses_zero_jobs() -> None:
    result = _run("analyze", "-", "--jobs", "0", stdin="")
    assert result.returncode == 2 and "must be 1 or more" in result.stderr.decode()


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"id": "a", "text": ""}\n', "empty"),
        ('{"id": "a", "text": "Fine."}\n{broken\n', "<stdin>:2: not valid JSON"),
        ('{"id": "a", "text": "Fine.", "published": "2022-13-01"}\n', "not a valid date"),
        ('["not", "an", "object"]\n', "expected a JSON object"),
    ],
)
def test_cli_bad_stdin_exits_nonzero_without_traceback(stdin: str, message: str) -> None:
    result = _run("analyze", "-", stdin=stdin)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert message in err
    assert "Traceback" not in err


def test_cli_non_utf8_file_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Caf\xe9 \xff said.")
    result = _run("analyze", str(path))
    assert result.returncode == 2 and "not UTF-8" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_cli_tampered_model_is_a_clear_error(tmp_path) -> None:
    import shutil

    for suffix in (".joblib", ".json"):
        shutil.copy(f"models/default{suffix}", tmp_path / f"m{suffix}")
    with (tmp_path / "m.joblib").open("r+b") as stream:
        stream.seek(100)
        stream.write(b"\x00\x01\x02")
    result = _run("analyze", SEED, "--model", str(tmp_path / "m.joblib"))
    assert result.returncode == 2
    assert "does not match its manifest" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_cli_train_refuses_unknown_labels(tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    record = {"id": "x", "text": "Japan praised it.", "sentences": [{"text": "Japan praised it.",
              "labels": ["praise"], "speaker": None, "event": None}], "events": []}
    path.write_text(json.dumps(record) + "\n")
    result = _run("train", str(path), "--out-dir", str(tmp_path), "--folds", "0")
    assert result.returncode == 2
    assert "unknown label" in result.stderr.decode() and "bad.jsonl:1" in result.stderr.decode()
    assert not list(tmp_path.glob("*.joblib"))


def test_cli_train_writes_model_and_manifest(tmp_path) -> None:
    result = _run("train", "seeds/gold-seeds.jsonl", "--out-dir", str(tmp_path), "--name", "small", "--folds", "0")
    assert result.returncode == 0, result.stderr.decode()
    manifest = json.loads((tmp_path / "small.json").read_text())
    assert manifest["labels"] == ["condemnation", "reassurance", "cooperation_pledge", "threat_assessment"]
    assert manifest["training_data"]["articles"] == 5
    assert {"sha256", "versions", "thresholds"} <= set(manifest)
