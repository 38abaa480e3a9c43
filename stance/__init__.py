"""stance: who said what about a security crisis, with which stance, about which event."""

from .records import LABELS, Analysis, Article, Event, Evidence, Sentence, Speaker

__all__ = ["LABELS", "Analysis", "Article", "Event", "Evidence", "Sentence", "Speaker"]
