"""Copeland outranking: ties are decided without floating-point noise."""

from __future__ import annotations

import numpy as np
import pandas as pd

from progress_indicators.scoring import aggregate


def test_copeland_tie_survives_weight_scaling() -> None:
    """Found by hypothesis: equal opposing weights stay a tie after scaling all weights."""
    frame = pd.DataFrame([[1.0, 0.5, 2.0], [1.0, 1.0, 1.0]], columns=["a", "b", "c"])
    weights = [3.0, 0.109375, 0.109375]
    base = aggregate(frame, weights=weights, method="copeland").scores
    scaled = aggregate(
        frame, weights=[w * 2.8474031761332412 for w in weights], method="copeland"
    ).scores
    np.testing.assert_array_equal(base.to_numpy(), [0.0, 0.0])
    np.testing.assert_array_equal(scaled.to_numpy(), [0.0, 0.0])
