"""Property tests (Hypothesis) for the API's query-parameter parsers in jv/api/params.py."""

from urllib.parse import quote_from_bytes

import pytest
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.request import Request

from jv.api.errors import InvalidParameter
from jv.api.params import SLUG_RE, choice_param, get_param, int_param, slug_param

# Text as it can arrive in a query string (Django decodes with replacement: no lone surrogates).
query_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=1200)
raw_bytes = st.binary(max_size=300)
slugs = st.from_regex(r"\A[-a-z0-9_]{1,100}\Z")
SLUG_CHARS = set("-_abcdefghijklmnopqrstuvwxyz0123456789")


def api_request(value: str | None = None, name: str = "p", raw: bytes | None = None) -> Request:
    factory = RequestFactory()
    if raw is not None:
        django_request = factory.get("/", QUERY_STRING=f"{name}=" + quote_from_bytes(raw, safe=""))
    elif value is None:
        django_request = factory.get("/")
    else:
        django_request = factory.get("/", {name: value})
    return Request(django_request)


def outcome(parser, request, *args):
    """(value, None) or (None, InvalidParameter); any other exception fails the test."""
    try:
        return parser(request, "p", *args), None
    except InvalidParameter as error:
        return None, error


@given(query_text)
def test_get_param_returns_the_value_or_refuses_it_with_a_400(value):
    result, error = outcome(get_param, api_request(value))
    if value == "":
        assert result is None and error is None
    elif "\x00" in value or len(value) > 1000:
        assert error is not None and error.parameter == "p" and error.status_code == 400
    else:
        assert result == value and error is None


@given(raw_bytes)
def test_any_bytes_in_the_query_string_give_a_value_or_a_400(raw):
    for parser, args in ((get_param, ()), (slug_param, ()), (int_param, (-5, 5)), (choice_param, (["a", "b"],))):
        outcome(parser, api_request(raw=raw), *args)


def test_missing_parameter_is_none():
    assert get_param(api_request(None), "p") is None
    assert int_param(api_request(None), "p", 1, 10, default=3) == 3


@given(query_text)
def test_slug_param_only_lets_slugs_through(value):
    result, error = outcome(slug_param, api_request(value))
    is_slug = 1 <= len(value) <= 100 and set(value) <= SLUG_CHARS
    if result is not None:
        assert is_slug and result == value
    if value and not is_slug:
        assert error is not None


@given(slugs)
def test_every_valid_slug_is_accepted_unchanged(slug):
    assert slug_param(api_request(slug), "p") == slug


@given(st.integers(min_value=-(10**30), max_value=10**30), st.integers(-1000, 1000), st.integers(0, 1000))
def test_int_param_accepts_whole_numbers_within_bounds_only(number, minimum, width):
    maximum = minimum + width
    result, error = outcome(int_param, api_request(str(number)), minimum, maximum)
    if minimum <= number <= maximum:
        assert result == number and error is None
    else:
        assert error is not None and error.parameter == "p"


@given(query_text)
def test_int_param_gives_an_int_in_range_or_a_400_for_any_text(value):
    result, error = outcome(int_param, api_request(value), -50, 50)
    if result is not None:
        assert isinstance(result, int) and -50 <= result <= 50
        assert value.lstrip("+-").isascii() and value.lstrip("+-").isdigit()


@pytest.mark.parametrize("value", ["slug\n", "a b", "A", "x" * 101])
def test_slug_param_refuses_near_slugs(value):
    assert outcome(slug_param, api_request(value))[1] is not None


@pytest.mark.parametrize("value", ["5\n", " 5", "5 ", "1_0", "٣", "５", "0x10", "1e3", "5.0", "--5", "+", ""])
def test_int_param_refuses_numbers_that_are_not_plain_decimal_digits(value):
    result, error = outcome(int_param, api_request(value), -100, 100)
    if value == "":
        assert result is None and error is None
    else:
        assert error is not None, value


@given(query_text, st.lists(st.from_regex(r"\A[a-z]{1,8}\Z"), min_size=1, max_size=5, unique=True))
def test_choice_param_returns_one_of_the_choices_or_refuses(value, choices):
    result, error = outcome(choice_param, api_request(value), choices)
    assert result is None or result in choices
    if value and value not in choices:
        assert error is not None


@settings(max_examples=30)
@given(query_text.filter(lambda v: v and "\x00" not in v and len(v) <= 1000 and not SLUG_RE.match(v)))
def test_errors_are_in_dutch_and_name_the_parameter(value):
    with translation.override("nl"):
        _, error = outcome(slug_param, api_request(value))
    assert error is not None
    assert "'p'" in str(error.detail) and "moet" in str(error.detail)
