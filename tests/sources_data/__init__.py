"""Tests of the dataset adapters (ACLED, UCDP GED, VIINA, DeepStateMap, EUvsDisinfo)."""
