"""Progress for long commands: a bar with time left on a terminal, plain lines otherwise."""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm


class PlainProgress:
    """Writes 'label: n/total (p %), elapsed, about t left' at most every `interval` seconds."""

    def __init__(self, label: str, total: int | None, stream: TextIO, interval: float = 5.0):
        self.label, self.total, self.stream, self.interval = label, total, stream, interval
        self.count = 0
        self.started = self.last = time.monotonic()

    def update(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = now - self.started
        if not self.total:
            return f"{self.label}: {self.count} ({elapsed:.0f} s)"
        share = self.count / self.total
        left = elapsed / share - elapsed if share else 0
        return (
            f"{self.label}: {self.count}/{self.total} ({share:.0%}), "
            f"{elapsed:.0f} s brukt, om lag {left:.0f} s igjen"
        )

    def close(self) -> None:
        self.stream.write(self.line(time.monotonic()) + " – ferdig\n")
        self.stream.flush()


@contextmanager
def progress(label: str, total: int | None = None, stream: TextIO | None = None) -> Iterator:
    """Yield an object with `update(n)`: a bar when `stream` is a terminal, else plain lines."""
    stream = stream or sys.stderr
    if stream.isatty():
        bar = tqdm(total=total, desc=label, unit="", file=stream, dynamic_ncols=True)
        try:
            yield bar
        finally:
            bar.close()
    else:
        plain = PlainProgress(label, total, stream)
        try:
            yield plain
        finally:
            plain.close()
