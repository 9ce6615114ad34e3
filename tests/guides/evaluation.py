"""Measure the assistant: `python -m tests.guides.evaluation tests/guides/eval_questions.json`.

Builds the index straight from the shipped content files and the default synonyms (no
database: the settings give the assistant's tuning), asks every
question of the evaluation set, and prints the top-1 and top-3 accuracy and the
95th-percentile latency. A question counts as found when one of its expected sheets
("guide/sheet") is among the results.
"""

import gc
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EvaluationReport:
    questions: int
    top1: float
    top3: float
    p95_ms: float
    misses: list[tuple[str, list[str], list[str]]]


def _setup_django() -> None:
    # The index is built from the files: no database is needed, and the figures do not
    # depend on one; the settings give the assistant's tuning.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()


def build_file_index(content_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """The index of every shipped sheet, with the default synonyms."""
    from guides.analysis import SynonymMap
    from guides.assistant import search_settings
    from guides.content_files import DEFAULT_CONTENT_DIR, read_content
    from guides.default_synonyms import DEFAULT_SYNONYMS
    from guides.search import SearchIndex, SheetSource

    sources = [
        SheetSource(
            guide=sheet.guide,
            sheet=sheet.slug,
            title=sheet.title,
            summary=sheet.summary,
            body_markdown=sheet.body_markdown,
            key_points=sheet.key_points,
        )
        for guide in read_content(content_dir or DEFAULT_CONTENT_DIR)
        if guide.listed
        for sheet in guide.sheets
    ]
    return SearchIndex(sources, SynonymMap(DEFAULT_SYNONYMS), search_settings())


def evaluate(questions_path: Path, content_dir: Path | None = None) -> EvaluationReport:
    _setup_django()
    index = build_file_index(content_dir)
    # Collect the build's garbage now, as a long-running process has long done by the time
    # readers ask: a collection pause belongs to the build, not to a question.
    gc.collect()
    questions = json.loads(questions_path.read_text(encoding="utf-8"))
    top1 = top3 = 0
    latencies: list[float] = []
    misses: list[tuple[str, list[str], list[str]]] = []
    for item in questions:
        expected = set(item["expected"])
        start = time.perf_counter()
        answer = index.search(item["question"])
        latencies.append((time.perf_counter() - start) * 1000)
        found = [f"{r.guide}/{r.sheet}" for r in answer.results]
        if found[:1] and found[0] in expected:
            top1 += 1
        if expected.intersection(found[:3]):
            top3 += 1
        else:
            misses.append((item["question"], sorted(expected), found))
    count = len(questions)
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 2 else sum(latencies)
    return EvaluationReport(
        questions=count,
        top1=top1 / count if count else 0.0,
        top3=top3 / count if count else 0.0,
        p95_ms=p95,
        misses=misses,
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.guides.evaluation <questions.json>", file=sys.stderr)
        return 2
    report = evaluate(Path(argv[0]))
    print(f"questions: {report.questions}")
    print(f"top-1 accuracy: {report.top1:.1%}")
    print(f"top-3 accuracy: {report.top3:.1%}")
    print(f"p95 latency: {report.p95_ms:.2f} ms")
    for question, expected, found in report.misses:
        print(f"  missed: {question!r} expected {expected} got {found}")
    return 0 if report.top3 >= 0.9 and report.p95_ms < 20 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
