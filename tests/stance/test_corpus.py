import copy

import pytest

from stance.corpus import parse_labelled, read_articles, read_labelled
from stance.errors import DataError, InputError
from tests.conftest import TINY


def _broken(**changes) -> dict:
    record = copy.deepcopy(TINY[0])
    for key, value in changes.items():
        if key == "label":
            record["sentences"][0]["labels"] = [value]
        elif key == "sentence_text":
            record["sentences"][0]["text"] = value
        else:
            record[key] = value
    return record


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_broken(label="praise"), "unknown label"),
        (_broken(sentence_text="Not in the article."), "not found"),
        (_broken(published="2022-02-30"), "not a valid date"),
        (_broken(text=""), "empty"),
        ({"id": "x", "text": "A. B."}, "missing required field"),
        (_broken(events=[{"id": "e1", "type": "launch"}]), "missing fields"),
    ],
)
def test_corpus_refuses_bad_records(record: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_labelled(record, "test:1")


def test_corpus_uncovered_text_is_refused() -> None:
    record = copy.deepcopy(TINY[0])
    record["sentences"].pop()
    with pytest.raises(DataError, match="not covered"):
        parse_labelled(record, "test:1")


def test_corpus_reads_shipped_labelled_data() -> None:
    articles = read_labelled(["seeds/"])
    assert len(articles) >= 42
    assert len({a.id for a in articles}) == len(articles)


def test_corpus_broken_jsonl_line_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "Fine."}\n{"id": "b", "text": \n')
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        list(read_articles(str(path)))


def test_corpus_non_utf8_file_is_refused(tmp_path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 said no.".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_articles(str(path)))


def test_corpus_oversized_article_is_refused(tmp_path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Japan condemned the launch. " * 200_000)  # about 5.6 MB
    with pytest.raises(InputError, match="over the limit"):
        list(read_articles(str(path)))
