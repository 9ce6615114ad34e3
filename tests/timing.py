"""Comparing response-time distributions, for the tests that an issue asks to compare them.

A rank criterion, not a threshold in milliseconds: the machine may be loaded and slow, but
requests of every case are interleaved, so load shifts them all alike, and only a difference
in the work done per case moves one case's ranks against another's.
"""

import random
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations

# Probability that a request of one case is slower than one of another, allowed away from
# 0.5 (the value when both do the same work). Old separated code gives 0.9 to 1.0; with 40
# requests a case, chance alone leaves 0.5 ± 0.064 (one standard deviation).
MAX_DOMINANCE = 0.2


def dominance(slower: list[float], faster: list[float]) -> float:
    """P(a sample of `slower` exceeds one of `faster`), ties counting half: Mann-Whitney's
    U divided by the number of pairs (the common-language effect size)."""
    wins = sum((x > y) + 0.5 * (x == y) for x in slower for y in faster)
    return wins / (len(slower) * len(faster))


def quartiles(samples: list[float]) -> tuple[float, float, float]:
    q1, median, q3 = statistics.quantiles(samples, n=4)
    return q1, median, q3


@dataclass(frozen=True)
class Comparison:
    samples: Mapping[str, list[float]]

    def separated(self) -> list[str]:
        """The pairs of cases whose distributions tell them apart, explained."""
        found = []
        for a, b in combinations(self.samples, 2):
            share = dominance(self.samples[a], self.samples[b])
            qa, qb = quartiles(self.samples[a]), quartiles(self.samples[b])
            iqr_apart = qa[2] < qb[0] or qb[2] < qa[0]
            if abs(share - 0.5) > MAX_DOMINANCE or iqr_apart:
                found.append(f"{a} slower than {b} in {share:.0%} of pairs")
        return found

    def describe(self) -> str:
        return "; ".join(
            f"{case}: median {quartiles(s)[1] * 1000:.1f} ms, IQR {quartiles(s)[0] * 1000:.1f}"
            f"–{quartiles(s)[2] * 1000:.1f} ms"
            for case, s in self.samples.items()
        )


def interleaved_timings(
    cases: Mapping[str, Callable[[], object]], rounds: int, warmup: int = 3
) -> Comparison:
    """Time each case `rounds` times, every round running all cases in a fresh random order."""
    order = list(cases)
    for _ in range(warmup):
        for name in order:
            cases[name]()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            started = time.perf_counter()
            cases[name]()
            samples[name].append(time.perf_counter() - started)
    return Comparison(samples)
