"""The index of the models, as the generator writes it for a build; this copy, which the
runtime is type-checked against, is the index of no model."""

MODULES: dict[str, str] = {}
"""Model ID -> the name of its module here, sorted by Model ID."""

TITLES: dict[str, str] = {}
"""Model ID -> the model's name, as `python -m scenario_models list` shows it."""

METHODS: dict[str, str] = {}
"""A model's method name on `Client` and `AsyncClient` -> the name of its module here."""
