def test_only_web_mail_and_phone_addresses_become_links():
    from mestring.core.templatetags.mestring_format import safe_url

    assert safe_url("https://example.no/påmelding") == "https://example.no/påmelding"
    assert safe_url(" mailto:kurs@example.no ") == "mailto:kurs@example.no"
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("JavaScript:alert(1)") == ""
    assert safe_url("data:text/html,<script>") == ""
    assert safe_url("") == ""


def test_plain_text_is_escaped_once_by_the_template():
    from django.template import Context, Template

    rendered = Template("{% load mestring_format %}{{ text|plain_text }}").render(
        Context({"text": "Fisk & potet <b>ja</b>"})
    )
    assert rendered == "Fisk &amp; potet ja"
