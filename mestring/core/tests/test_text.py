from mestring.core.text import render_markdown, sanitise_markdown


def test_plain_markdown_is_kept_as_written():
    text = "Kurs for **pårørende**.\n\n- Mat & trening\n- 3 < 5"
    assert sanitise_markdown(text) == text


def test_html_and_script_links_are_removed():
    dirty = "Hei <script>alert(1)</script><img src=x onerror=alert(1)> [lenke](javascript:alert(1))"
    clean = sanitise_markdown(dirty)
    assert "<script" not in clean and "onerror" not in clean and "javascript:" not in clean
    assert sanitise_markdown(clean) == clean


def test_nested_tags_cannot_reassemble():
    assert "<script" not in sanitise_markdown("<scr<script>ipt>alert(1)</script>")


def test_rendered_html_is_safe():
    html = render_markdown("# Tittel\n\n[ok](https://helsenorge.no) og <b onclick=x>fet</b>")
    assert "<h3>Tittel</h3>" in html
    assert 'href="https://helsenorge.no"' in html
    assert "onclick" not in html and "<b" not in html
