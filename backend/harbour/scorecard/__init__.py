"""The corporate parenting board's scorecard: aggregate figures only, small numbers suppressed
(`suppression`, decision 025)."""
