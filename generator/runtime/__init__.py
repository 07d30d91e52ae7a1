"""The fixed code of the generated package `scenario_models`, kept as real modules.

Each module here is copied into every generated package as it is, under the generated
header, and formatted with the rest: it is linted and type-checked with the generator.
Imports between them are relative, so the same code runs here (`generator.runtime`, as
the `validate` command uses it) and in the package. What a build writes itself (the
index of its models in `models/__init__.py`, one module per model, the client, this
`__init__`) comes from the templates.
"""
