"""Event evaluation on held-out labelled articles: launch facts and sentence-to-event links.

Gold and predicted events are matched one to one by the sentences linked
to them (most shared sentences first). A launch fact is right when the
matched predicted event shows the gold value; a sentence link is right when
its predicted event is the match of its gold event (both None is right).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .corpus import LabelledArticle
from .records import Analysis, Event, Sentence

FACTS: tuple[str, ...] = ("date", "count", "range_km", "apogee_km")


@dataclass
class EventReport:
    """Fact accuracy per field (where the gold has a value), link accuracy, and the mismatches."""

    facts: dict[str, dict[str, float]]
    link_accuracy: float
    links: int
    articles: int
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fact_accuracy(self) -> float:
        right = sum(m["right"] for m in self.facts.values())
        total = sum(m["total"] for m in self.facts.values())
        return right / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"facts": self.facts, "fact_accuracy": self.fact_accuracy, "link_accuracy": self.link_accuracy,
                "links": self.links, "articles": self.articles}

    def format(self) -> str:
        lines = [f"events: {self.articles} articles, {self.links} sentences"]
        for name, m in self.facts.items():
            lines.append(f"  {name:<10} {m['accuracy']:.3f}  ({m['right']}/{m['total']})")
        lines.append(f"  facts      {self.fact_accuracy:.3f}")
        lines.append(f"  links      {self.link_accuracy:.3f}")
        return "\n".join(lines)


def align(gold: Sequence[Sentence], predicted: Sequence[Sentence]) -> list[int | None]:
    """For each gold sentence, the index of the predicted sentence overlapping it most (None if none)."""
    out: list[int | None] = []
    j = 0
    for g in gold:
        while j < len(predicted) and predicted[j].end <= g.start:
            j += 1
        best, best_overlap, k = None, 0, j
        while k < len(predicted) and predicted[k].start < g.end:
            overlap = min(g.end, predicted[k].end) - max(g.start, predicted[k].start)
            if overlap > best_overlap:
                best, best_overlap = k, overlap
            k += 1
        out.append(best)
    return out


def match_events(gold_links: Sequence[str | None], pred_links: Sequence[str | None]) -> dict[str, str]:
    """Gold event id -> predicted event id, one to one, by the number of sentences both link to."""
    shared: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], int] = {}
    for i, (g, p) in enumerate(zip(gold_links, pred_links, strict=True)):
        if g is not None and p is not None:
            shared[g, p] = shared.get((g, p), 0) + 1
            first.setdefault((g, p), i)
    matching: dict[str, str] = {}
    taken: set[str] = set()
    for (g, p), _ in sorted(shared.items(), key=lambda kv: (-kv[1], first[kv[0]])):
        if g not in matching and p not in taken:
            matching[g] = p
            taken.add(p)
    return matching


def _same(gold: Any, predicted: Any) -> bool:
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return abs(float(gold) - float(predicted)) < 0.05
    return gold == predicted


def score_events(gold_articles: Sequence[LabelledArticle], analyses: Sequence[Analysis]) -> EventReport:
    """Compare the analyses' events and links with the gold articles they were made from."""
    facts = {name: {"right": 0, "total": 0} for name in FACTS}
    link_right = link_total = 0
    mismatches: list[dict[str, Any]] = []
    for article, analysis in zip(gold_articles, analyses, strict=True):
        aligned = align(article.sentences, analysis.sentences)
        gold_links = [s.event for s in article.sentences]
        pred_links = [analysis.sentences[k].event if k is not None else None for k in aligned]
        matching = match_events(gold_links, pred_links)
        predicted: dict[str, Event] = {e.id: e for e in analysis.events}
        for i, (g, p) in enumerate(zip(gold_links, pred_links, strict=True)):
            right = (g is None and p is None) or (g is not None and p is not None and matching.get(g) == p)
            link_right += right
            link_total += 1
            if not right:
                mismatches.append({"article": article.id, "sentence": i, "kind": "link", "gold": g, "predicted": p,
                                   "text": article.sentences[i].text})
        for event in article.events:
            if event.type != "missile_launch":
                continue
            match = predicted.get(matching.get(event.id, ""))
            for name in FACTS:
                value = getattr(event, name)
                if value is None:
                    continue
                got = getattr(match, name) if match else None
                facts[name]["total"] += 1
                if _same(value, got):
                    facts[name]["right"] += 1
                else:
                    mismatches.append({"article": article.id, "event": event.id, "kind": name, "gold": value,
                                       "predicted": got, "matched": match.id if match else None,
                                       "why": match.why.get(name) if match else None})
    table = {name: {**m, "accuracy": m["right"] / m["total"] if m["total"] else 0.0} for name, m in facts.items()}
    return EventReport(facts=table, link_accuracy=link_right / link_total if link_total else 0.0, links=link_total,
                       articles=len(gold_articles), mismatches=mismatches)
