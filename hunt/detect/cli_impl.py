"""The `hunt detect` sub-commands (being written)."""
