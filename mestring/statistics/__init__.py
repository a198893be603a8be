"""National statistics: the survey report (kartlegging), activity and coverage.

Every report is built as plain `Table` objects (tables.py) from a `ReportFilter`
(filters.py); every output format renders those same objects.
"""
