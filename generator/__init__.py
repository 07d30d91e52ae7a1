"""scenario-codegen: Scenario model reference pages -> JSON Schemas -> clients, validators, docs."""

__version__ = "0.1.0"
