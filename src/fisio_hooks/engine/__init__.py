"""The shared rule engine: reading, parsing, settings, suppression, fixes."""
