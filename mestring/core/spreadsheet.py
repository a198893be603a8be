"""Text cells that a spreadsheet could take for a formula (CSV injection, OWASP).

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return may run as a formula
when a CSV or XLSX file is opened in Excel or LibreOffice: `=HYPERLINK("http://x";"klikk")`.
Exports put an apostrophe in front of such text, the way Excel itself marks a cell as
text. So that export → import gives back exactly what was exported, text that already
starts with an apostrophe gets one more, and the importer takes off exactly one apostrophe
when the rest starts with one of these characters or another apostrophe.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_STARTS = (*FORMULA_STARTS, "'")


def escape_formula(text: str) -> str:
    """`text` with an apostrophe in front when a spreadsheet could read it as a formula."""
    if text.startswith(_ESCAPED_STARTS):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """The text `escape_formula` was given: one apostrophe less before such a start."""
    if text.startswith("'") and text[1:].startswith(_ESCAPED_STARTS):
        return text[1:]
    return text
