import io

from mestring.core.progress import PlainProgress, progress


def test_plain_progress_reports_counts_and_time_left():
    stream = io.StringIO()
    bar = PlainProgress("Tilbud", 200, stream, interval=0)
    bar.update(50)
    assert "Tilbud: 50/200 (25%)" in stream.getvalue()
    assert "igjen" in stream.getvalue()


def test_progress_writes_plain_lines_when_not_on_a_terminal():
    stream = io.StringIO()
    with progress("Kommuner", 3, stream) as bar:
        bar.update(3)
    assert (
        stream.getvalue()
        .strip()
        .endswith("Kommuner: 3/3 (100%), 0 s brukt, om lag 0 s igjen – ferdig")
    )
