"""The command line: ``fisio-hooks`` and one console script per checker."""
