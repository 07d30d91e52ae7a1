"""Model definitions read from the API (`GET /v1/models/{modelId}`), as upstream input.

`fetch-models` saves each model object as `<modelId>.model.json` beside the pages;
`generate` reads those files (definition.py), maps each `ModelInput` to JSON Schema
(properties.py, rules.py, schema.py), merges a model that also has a page into its page's
schema (merge.py), and hands the result to the emitters like any page's model (sources.py).
fetch.py is the only module that talks to the API, through scenario-sdk.
"""
