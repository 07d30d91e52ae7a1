"""Stage 4: a build's files on disk: written only when changed, checked for drift."""
