"""Stage 1: Scenario's model reference pages (markdown) -> parsed models."""
