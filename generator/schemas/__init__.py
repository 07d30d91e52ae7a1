"""Stage 2: parsed models -> JSON Schemas (contract 1), and schemas read back from disk."""
