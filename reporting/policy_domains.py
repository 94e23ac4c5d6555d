"""SDG indicator 10.7.2 asked as its questionnaire: the report section that asks it, the
answers a sub-category takes, and the domain score (pure: no database).

The six policy domains and their five sub-categories each are data
(objectives/data/sdg_10_7_2.json, the PolicyDomain and PolicySubcategory models). The score of
a domain is never typed: `domain_score` computes it from the answers, as the indicator's
metadata does (the share of sub-categories answered yes, mapped to four levels).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The report section whose submissions carry the questionnaire
# (reporting/data/report_sections.json).
SECTION_CODE = "sdg-10-7-2"
SUBCATEGORIES_PER_DOMAIN = 5

YES, NO, NOT_KNOWN = "yes", "no", "not_known"
ANSWERS = {
    YES: pgettext_lazy("policy answer", "Yes"),
    NO: pgettext_lazy("policy answer", "No"),
    NOT_KNOWN: pgettext_lazy("policy answer", "Not known"),
}
NOTE_MAX_CHARS = 2_000

# (lowest share of yes answers in per cent, score): under 40 per cent 1, 40 to under 60 2,
# 60 to under 80 3, 80 or more 4. Checked against the indicator's metadata before changing.
SCORE_BANDS = ((80, 4), (60, 3), (40, 2), (0, 1))
SCORE_LABELS = {
    1: _("Requires further progress"),
    2: _("Partially meets"),
    3: _("Meets"),
    4: _("Fully meets"),
}


@dataclass(frozen=True)
class DomainScore:
    """A domain's yes answers out of its sub-categories and its level (None until every
    sub-category is answered)."""

    yes: int
    answered: int
    total: int
    score: int | None

    @property
    def label(self) -> str:
        return str(SCORE_LABELS[self.score]) if self.score else ""

    @property
    def share(self) -> float:
        return 100 * self.yes / self.total if self.total else 0.0


def domain_score(answers: Iterable[str], *, total: int = SUBCATEGORIES_PER_DOMAIN) -> DomainScore:
    """Score one domain from its sub-categories' answers ("yes", "no", "not_known", or ""
    for unanswered). "Not known" is an answer that is not yes; an unanswered sub-category
    leaves the domain without a score."""
    answers = list(answers)
    yes = sum(1 for answer in answers if answer == YES)
    answered = sum(1 for answer in answers if answer in ANSWERS)
    score = None
    if total and answered >= total:
        share = 100 * yes / total
        score = next(level for lowest, level in SCORE_BANDS if share >= lowest)
    return DomainScore(yes=yes, answered=answered, total=total, score=score)


def asks_policy_domains(submission) -> bool:
    """Whether the submission is the 10.7.2 questionnaire's section (uses the loaded section)."""
    return bool(submission.section_id) and submission.section.code == SECTION_CODE
