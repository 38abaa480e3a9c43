"""The `stance` command: analyze articles, train and evaluate models, serve and fill the GraphQL store."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .corpus import MAX_CHARS, read_articles, read_labelled
from .errors import DataError, StanceError
from .records import Analysis

REFUSED = 3  # exit status of `stance train` when the metric gate keeps the current model

_EPILOG = """examples:
  stance analyze article.txt --published 2022-10-04
  stance analyze corpus.jsonl --pretty
  stance analyze big.jsonl --jobs 4 > analyses.jsonl
  cat corpus.jsonl | stance analyze -
  stance train seeds/ --name default
  stance train seeds/ corrections.jsonl --tolerance 0.005
  stance evaluate seeds/ --folds 5
  stance ingest seeds/gold-seeds.jsonl seeds/articles/*.txt
  STANCE_API_TOKEN=secret stance serve --port 8000
  stance export --corrections > corrections.jsonl
"""


def _non_negative(text: str) -> float:
    """An argparse type: a float >= 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _positive_int(text: str) -> int:
    """An argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Who said what about a security crisis, with "
                                     "which stance.", epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = sub.add_parser("analyze", help="label the statements of articles (JSON Lines to stdout)",
                             description="Analyse articles: PATH is a .txt file (one article), a .jsonl file of "
                             '{"id", "text", "title"?, "published"?} objects, or - for JSON Lines on stdin.')
    analyze.add_argument("paths", nargs="+", metavar="PATH")
    analyze.add_argument("--published", help="publication date (YYYY-MM-DD) for articles that carry none")
    analyze.add_argument("--model", type=Path, help="model file (default: models/default.joblib or $STANCE_MODEL)")
    analyze.add_argument("--pretty", action="store_true", help="print a readable table instead of JSON")
    analyze.add_argument("--max-chars", type=int, default=MAX_CHARS, help="longest article accepted (characters)")
    analyze.add_argument("--jobs", type=_positive_int, default=1, help="worker processes, at most one per core "
                         "(default 1); the output is the same in the same order")

    train = sub.add_parser("train", help="train a model from labelled JSONL (annotation format)",
                           description="Train a model and write it with its manifest. Metric gate: when a model "
                           "with a held-out micro-F1 is already at the destination, the new one replaces it only "
                           "if it scores no lower (within --tolerance); otherwise nothing is written and the exit "
                           "status is 3. --force overrides.")
    train.add_argument("paths", nargs="+", metavar="PATH", help="labelled .jsonl files or directories of them")
    train.add_argument("--name", default="default", help="model name: writes models/NAME.joblib + NAME.json")
    train.add_argument("--out-dir", type=Path, default=None, help="directory for the model (default: models/)")
    train.add_argument("--folds", type=int, default=5, help="folds of the held-out evaluation recorded in the "
                       "manifest (0 to skip)")
    train.add_argument("--C", type=float, default=4.0, help="inverse regularisation of the logistic regression")
    train.add_argument("--tolerance", type=_non_negative, default=0.0, help="metric gate: accept a new model whose "
                       "held-out micro-F1 is at most this much below the current model's (default 0.0)")
    train.add_argument("--force", action="store_true", help="replace the current model even if the metric gate "
                       "refuses the new one")

    evaluate = sub.add_parser("evaluate", help="grouped k-fold evaluation on held-out articles")
    evaluate.add_argument("paths", nargs="+", metavar="PATH", help="labelled .jsonl files or directories of them")
    evaluate.add_argument("--folds", type=int, default=5)
    evaluate.add_argument("--test-prefix", default="gold-", help="only articles from files whose name starts "
                          "with this are tested; the rest only train (default: gold-; '' tests all)")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--C", type=float, default=4.0)

    serve = sub.add_parser("serve", help="serve the GraphQL API (/graphql, /healthz) over the store",
                           description="Serve the GraphQL API with uvicorn. The store is $STANCE_DATABASE_URL "
                           "(default: var/stance.db); mutations need $STANCE_API_TOKEN (without it: read-only).")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--production", action="store_true", help="no GraphiQL page")

    ingest = sub.add_parser("ingest", help="analyse articles and store them (texts already stored are skipped)")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help='.txt (one article) or .jsonl of {"id", "text", '
                        '"title"?, "published"?, "source_url"?}')
    ingest.add_argument("--model", type=Path, help="model file (default: models/default.joblib or $STANCE_MODEL)")

    export = sub.add_parser("export", help="write stored data as labelled JSONL (annotation format)")
    export.add_argument("--corrections", action="store_true", required=True,
                        help="the documents with analyst corrections, every sentence as it now stands")
    export.add_argument("--out", type=Path, help="output file (default: stdout)")
    return parser


def _print_pretty(analysis: Analysis) -> None:
    print(f"# {analysis.id or '-'}  {analysis.title or ''}  {analysis.published or ''}".rstrip())
    for s in analysis.sentences:
        who = s.speaker.name if s.speaker else "-"
        labels = ",".join(s.labels) or "-"
        text = s.text.replace("\n", " ")
        print(f"{labels:<40} {who[:28]:<28} {text[:100]}")
    print()


def _analyze(args: argparse.Namespace) -> int:
    from .analyzer import Analyzer

    analyzer = Analyzer.load(args.model)
    gc.freeze()  # the model lives until exit: the collector need not walk it on every batch
    analyzer.max_chars = args.max_chars
    for path in args.paths:
        articles = read_articles(path, args.published, args.max_chars, stdin=sys.stdin)
        for analysis in analyzer.pipe(articles, n_process=args.jobs):
            if args.pretty:
                _print_pretty(analysis)
            else:
                sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
    return 0


def _is_gold(prefix: str):
    return lambda article: article.source.startswith(prefix)


def _train(args: argparse.Namespace) -> int:
    from .evaluate import cross_validate
    from .gate import check
    from .model import MODELS_DIR
    from .train import train

    articles = read_labelled(args.paths)
    metrics = {}
    if args.folds >= 2:
        is_test = _is_gold("gold-") if any(a.source.startswith("gold-") for a in articles) else (lambda a: True)
        try:
            report = cross_validate(articles, args.folds, is_test, progress=True, C=args.C)
        except ValueError as exc:  # too few testable articles for the folds
            raise DataError(f"held-out evaluation impossible: {exc}; use --folds 0 to skip it") from None
        print(report.format(), file=sys.stderr)
        metrics = report.to_dict()
    out = (args.out_dir or MODELS_DIR) / f"{args.name}.joblib"
    decision = check(metrics, out, args.tolerance)
    if not decision.accepted and not args.force:
        # nothing has been written: the gate runs before the final fit and save
        print(f"stance: refused: {decision.reason}", file=sys.stderr)
        return REFUSED
    print(f"metric gate: {'overridden by --force: ' if not decision.accepted else ''}{decision.reason}",
          file=sys.stderr)
    manifest = train(articles, out, metrics, C=args.C)
    print(f"wrote {out} (sha256 {manifest['sha256'][:12]}..., {manifest['training_data']['sentences']} sentences)",
          file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import cross_validate

    articles = read_labelled(args.paths)
    report = cross_validate(articles, args.folds, _is_gold(args.test_prefix), progress=not args.json, C=args.C)
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.format())
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.config import Settings

    uvicorn.run(create_app(Settings.from_env(production=args.production)), host=args.host, port=args.port)
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from api.db import make_engine
    from api.ingest import ingest_paths
    from api.runtime import ModelHolder
    from api.store import Store

    store = Store(make_engine())
    outcomes = ingest_paths(store, args.paths, lambda: ModelHolder.load(args.model))
    for outcome in outcomes:
        print(f"{'stored' if outcome.created else 'already stored'}: {outcome.where} -> document {outcome.document}",
              file=sys.stderr)
    new = sum(o.created for o in outcomes)
    print(f"{new} stored, {len(outcomes) - new} already there", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from api.db import make_engine
    from api.export import write_corrections
    from api.store import Store

    store = Store(make_engine())
    if args.out is None:
        count = write_corrections(store, sys.stdout)
    else:
        with args.out.open("w", encoding="utf-8") as out:
            count = write_corrections(store, out)
    print(f"{count} corrected document(s) written", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `stance` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    handlers = {"analyze": _analyze, "train": _train, "evaluate": _evaluate, "serve": _serve, "ingest": _ingest,
                "export": _export}
    try:
        return handlers[args.command](args)
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
