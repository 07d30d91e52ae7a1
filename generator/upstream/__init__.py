"""Keeping current: fetching pages, classifying what changed between two versions."""
