"""The SDG 10.7.2 domain score: the share of yes answers mapped to four levels."""

import pytest

from reporting.policy_domains import NO, NOT_KNOWN, YES, domain_score


@pytest.mark.parametrize(
    ("yes", "score", "label"),
    [
        (0, 1, "Requires further progress"),
        (1, 1, "Requires further progress"),
        (2, 2, "Partially meets"),
        (3, 3, "Meets"),
        (4, 4, "Fully meets"),
        (5, 4, "Fully meets"),
    ],
)
def test_the_share_of_yes_answers_gives_the_level(yes, score, label):
    result = domain_score([YES] * yes + [NO] * (5 - yes))

    assert (result.yes, result.answered, result.total) == (yes, 5, 5)
    assert result.score == score
    assert result.label == label
    assert result.share == yes * 20


def test_not_known_is_an_answer_that_is_not_yes():
    result = domain_score([YES, YES, NOT_KNOWN, NOT_KNOWN, NO])

    assert (result.yes, result.answered, result.score) == (2, 5, 2)


def test_a_domain_with_an_unanswered_subcategory_has_no_score():
    result = domain_score([YES, YES, YES, YES, ""])

    assert (result.yes, result.answered, result.score, result.label) == (4, 4, None, "")


def test_anything_but_yes_no_or_not_known_is_not_an_answer():
    result = domain_score([YES, "maybe", "YES", YES, YES])

    assert (result.yes, result.answered, result.score) == (3, 3, None)


def test_the_bands_edges_follow_the_share_not_the_count():
    # Ten sub-categories: 6 yes is 60 per cent, "Meets"; 7.9 of ten cannot happen.
    assert domain_score([YES] * 6 + [NO] * 4, total=10).score == 3
    assert domain_score([YES] * 8 + [NO] * 2, total=10).score == 4
    assert domain_score([YES] * 3 + [NO] * 7, total=10).score == 1
