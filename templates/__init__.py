# Makes the Jinja2 templates an importable resource, so a plain `pip install .` carries them.
