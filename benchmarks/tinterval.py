"""The 95 % t-interval the benchmark scripts print: shared by interleaved-ratio.py, paired-ratio.py and
iteration-scores.py (import it from the same folder)."""
import math, statistics

# two-sided 95 % Student t quantiles by sample size (degrees of freedom + 1)
_T95 = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26, 11: 2.23, 12: 2.20}


def half_width(values):
    """Half-width of the 95 % t-interval of the mean of values; nan for fewer than two."""
    if len(values) < 2:
        return float("nan")
    return _T95.get(len(values), 2.0) * statistics.stdev(values) / math.sqrt(len(values))
