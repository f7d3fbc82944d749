"""The faster HTML attributes are WTForms' own, byte for byte, on any names and values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from wtforms import Form, StringField, SubmitField
from wtforms.widgets import core

from complaints.form_attributes import ORIGINAL, html_params, install

NAMES = st.from_regex(r"(data_|aria_)?[a-z][a-z0-9_]{0,12}", fullmatch=True)
VALUES = st.one_of(
    st.booleans(),
    st.integers(),
    st.text(),
    st.text().map(Markup),
    st.sampled_from(['say "hi"', "<script>", "a & b", "it's", Markup("<b>&amp;</b>")]),
)


@given(st.dictionaries(NAMES, VALUES, max_size=8))
def test_the_same_html_as_wtforms(attributes: dict) -> None:
    expected, written = ORIGINAL(**attributes), html_params(**attributes)
    assert isinstance(written, Markup)
    assert str(written) == str(expected)


def test_the_documented_examples() -> None:
    assert html_params(data_attr="user.name", aria_labeledby="name") == (
        'aria-labeledby="name" data-attr="user.name"'
    )
    assert html_params(checked=True, readonly=False, name="text1", abc="hello") == (
        'abc="hello" checked name="text1"'
    )
    assert html_params(class_="x", value='"><script>') == (
        'class="x" value="&#34;&gt;&lt;script&gt;"'
    )


def test_widgets_use_it_once_installed() -> None:
    install()

    class Sample(Form):
        name = StringField()
        send = SubmitField()

    form = Sample(data={"name": '"quoted" <name>'})
    assert core.html_params is html_params and core.Input.html_params is html_params
    assert (
        str(form.name())
        == '<input id="name" name="name" type="text" value="&#34;quoted&#34; &lt;name&gt;">'
    )
    assert str(form.send()) == '<input id="send" name="send" type="submit" value="Send">'
