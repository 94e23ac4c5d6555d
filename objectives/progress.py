"""Progress of an indicator against its baseline and target: the one place it is computed.

Pure functions, no database: the pages, the API and the report pass in what they show.

- The share covered is how much of the distance from the baseline to the target the latest
  value has travelled, from 0 (still at the baseline, or worse) to 1 (target reached or
  passed). The direction says which way is better; a target that is not better than the
  baseline in that direction cannot be judged.
- On track compares the share covered with the share of time elapsed from the baseline year
  to the target year at the latest value's period. Reached targets are on track; when a
  year is missing, the latest value is not after the baseline year, or the value is missing,
  it cannot be judged and the reason says why.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Progress:
    share: float | None  # 0..1, None when it cannot be computed
    on_track: bool | None  # None when it cannot be judged
    reason: str = ""  # why share or on_track is None, in the active language
    reached: bool = False
    worse_than_baseline: bool = False

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def verdict(self) -> str:
        """On track, not on track, or why it cannot be judged: plain words for a table."""
        if self.on_track is True:
            return str(_("On track"))
        if self.on_track is False:
            return str(_("Not on track"))
        return str(self.reason or _("Cannot be judged"))


def progress(
    *,
    baseline: Decimal | float | None,
    baseline_year: int | None,
    target: Decimal | float | None,
    target_year: int | None,
    direction: str,
    latest: Decimal | float | None,
    latest_when: float | None,
) -> Progress:
    """The share of the way from baseline to target covered by the latest value, and whether
    that is on track. latest_when is the latest value's period as a (fractional) year."""
    if baseline is None or target is None:
        return Progress(None, None, str(_("No numeric baseline and target")))
    if latest is None:
        return Progress(None, None, str(_("No approved value yet")))
    baseline, target, latest = float(baseline), float(target), float(latest)
    sign = -1.0 if direction == LOWER else 1.0
    gain_needed = sign * (target - baseline)
    gain_made = sign * (latest - baseline)
    if gain_needed < 0:
        return Progress(None, None, str(_("The target is not an improvement on the baseline")))
    if gain_needed == 0:
        # Keep the baseline: reached while the value is at least as good as it.
        reached = gain_made >= 0
        share = 1.0 if reached else 0.0
    else:
        share = min(max(gain_made / gain_needed, 0.0), 1.0)
        reached = gain_made >= gain_needed
    worse = gain_made < 0
    if reached:
        return Progress(share, True, reached=True)
    elapsed = time_elapsed(baseline_year, target_year, latest_when)
    if elapsed is None:
        return Progress(
            share,
            None,
            str(_("No baseline and target years to compare with")),
            worse_than_baseline=worse,
        )
    if latest_when <= baseline_year:
        return Progress(
            share,
            None,
            str(_("The latest value is not after the baseline year")),
            worse_than_baseline=worse,
        )
    return Progress(share, share >= elapsed, worse_than_baseline=worse)


def time_elapsed(
    baseline_year: int | None, target_year: int | None, when: float | None
) -> float | None:
    """Share of the time from baseline year to target year elapsed at `when` (0..1), or None
    when the years do not allow it."""
    if baseline_year is None or target_year is None or when is None:
        return None
    if target_year <= baseline_year:
        return None
    return min(max((when - baseline_year) / (target_year - baseline_year), 0.0), 1.0)
