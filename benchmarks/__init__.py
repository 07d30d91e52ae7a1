"""`make bench`: speed measured side by side against the peers, printed as ratios."""
