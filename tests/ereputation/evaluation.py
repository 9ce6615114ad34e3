"""`make eval-e-reputation`: per-category precision and recall of the review analysis, and the
secrecy check's catch and false-alarm rates, on the shipped evaluation set.

    python -m tests.ereputation.evaluation tests/ereputation/eval_reviews.json

Runs on the shipped default cues (`ereputation.default_cues`), no database; exits non-zero when
a goal of the issue is missed (recall ≥ 0.9 for injure, diffamation and menaces; precision
≥ 0.8 for « licite »; secrecy check ≥ 95 % caught, ≤ 5 % false alarms).
"""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import django

GOALS_RECALL = {"injure": 0.9, "diffamation": 0.9, "menaces": 0.9}
GOALS_PRECISION = {"licite": 0.8}
GOAL_CAUGHT = 0.95
GOAL_FALSE_ALARMS = 0.05


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    per_category: dict[str, Counts]
    caught: float
    false_alarms: float
    misses: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        failed = [
            f"recall {key} {self.per_category[key].recall:.2f} < {goal}"
            for key, goal in GOALS_RECALL.items()
            if self.per_category[key].recall < goal
        ]
        failed += [
            f"precision {key} {self.per_category[key].precision:.2f} < {goal}"
            for key, goal in GOALS_PRECISION.items()
            if self.per_category[key].precision < goal
        ]
        if self.caught < GOAL_CAUGHT:
            failed.append(f"secrecy caught {self.caught:.1%} < {GOAL_CAUGHT:.0%}")
        if self.false_alarms > GOAL_FALSE_ALARMS:
            failed.append(f"secrecy false alarms {self.false_alarms:.1%} > {GOAL_FALSE_ALARMS:.0%}")
        return failed


def evaluate(path: Path) -> Report:
    from ereputation.analysis import review_analyze
    from ereputation.categories import CATEGORIES, LICITE
    from ereputation.default_cues import DEFAULT_CUES
    from ereputation.matching import CueSet
    from ereputation.secrecy import reply_check

    data = json.loads(path.read_text(encoding="utf-8"))
    cues = CueSet(DEFAULT_CUES)
    per_category = {key: Counts() for key in [LICITE.key, *CATEGORIES]}
    misses = []
    for review in data["reviews"]:
        expected = set(review["expected"])
        found = set(review_analyze(review["text"], cues=cues).keys)
        for key, counts in per_category.items():
            counts.tp += key in expected and key in found
            counts.fp += key not in expected and key in found
            counts.fn += key in expected and key not in found
        if expected != found:
            misses.append(
                f"  review {review['id']}: expected {sorted(expected)}, found {sorted(found)}"
            )
    unsafe = [reply["text"] for reply in data["replies"]["unsafe"]]
    safe = [reply["text"] for reply in data["replies"]["safe"]]
    caught = [text for text in unsafe if not reply_check(text, cues=cues).safe]
    alarms = [text for text in safe if not reply_check(text, cues=cues).safe]
    misses += [f"  unsafe reply passed: {t}" for t in unsafe if t not in caught]
    misses += [f"  safe reply flagged: {t} → {reply_check(t, cues=cues).flagged}" for t in alarms]
    return Report(
        per_category=per_category,
        caught=len(caught) / len(unsafe),
        false_alarms=len(alarms) / len(safe),
        misses=misses,
    )


def main(argv: list[str]) -> int:
    django.setup()
    path = Path(argv[1] if len(argv) > 1 else "tests/ereputation/eval_reviews.json")
    report = evaluate(path)
    print(f"{'category':<16} {'precision':>9} {'recall':>7} {'support':>8}")
    for key, counts in report.per_category.items():
        support = counts.tp + counts.fn
        print(f"{key:<16} {counts.precision:>9.2f} {counts.recall:>7.2f} {support:>8}")
    print(
        f"secrecy check: caught {report.caught:.1%} of unsafe replies, "
        f"false alarms on {report.false_alarms:.1%} of safe ones"
    )
    if report.misses:
        print("differences:")
        print("\n".join(report.misses))
    failures = report.failures()
    for failure in failures:
        print(f"GOAL MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
