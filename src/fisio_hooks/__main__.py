from __future__ import annotations

from fisio_hooks.cli.main import main

raise SystemExit(main())
