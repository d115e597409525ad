"""Running detect-secrets' plugins and filters through its public API.

detect-secrets is imported here only, on the first file the prefilter
lets through. Verification against the providers' APIs (the
``is_ignored_due_to_verification_policies`` filter, which makes
plugins call ``verify``) is removed from every configuration, so no
plugin opens a network connection.
"""

import atexit
import contextlib
import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.checkers.secrets.masking import quoted_mask
from fisio_hooks.checkers.secrets.rules import OTHER_PLUGIN_CODE, PLUGIN_BY_TYPE
from fisio_hooks.engine.logs import get_logger

VERIFICATION_FILTER = (
    "detect_secrets.filters.common.is_ignored_due_to_verification_policies"
)


class PluginSecret(NamedTuple):
    """One secret a detect-secrets plugin reported."""

    secret_type: str
    plugin: str
    secret: str
    line: int

    def __repr__(self) -> str:
        return f"PluginSecret({self.plugin}, line={self.line})"


class _Session:
    """detect-secrets' settings for one configuration, entered once per
    process with ``transient_settings`` and left when it changes."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.stack = contextlib.ExitStack()
        atexit.register(self.close)

    def use(self, config: dict[str, Any]) -> None:
        key = json.dumps(config, sort_keys=True)
        if key == self.key:
            return
        self.close()
        from detect_secrets.settings import transient_settings

        full = dict(config)
        if "plugins_used" not in full:
            full["plugins_used"] = default_plugins()
        settings = self.stack.enter_context(transient_settings(full))
        settings.disable_filters(VERIFICATION_FILTER)
        self.key = key
        get_logger(__name__).debug(
            "detect-secrets configured with %d plugins", len(full["plugins_used"])
        )

    def close(self) -> None:
        self.stack.close()
        self.key = None


_SESSION = _Session()


def default_plugins() -> list[dict[str, str]]:
    """Return every installed plugin, as ``default_settings`` enables them."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    mapping: dict[str, type] = get_mapping_from_secret_type_to_class()
    return [{"name": plugin.__name__} for plugin in mapping.values()]


def active_filters() -> list[str]:
    """Return the import paths of the filters detect-secrets applies now."""
    from detect_secrets.settings import get_settings

    return sorted(get_settings().filters)


def activate(config: dict[str, Any]) -> None:
    """Configure detect-secrets with a baseline's ``plugins_used`` and
    ``filters_used`` (every plugin and the default filters when absent)."""
    _SESSION.use(config)


def scan_file(path: str, config: dict[str, Any]) -> list[PluginSecret]:
    """Scan one file with detect-secrets' ``scan_file``: its transformers,
    plugins and filters, as ``detect-secrets scan`` runs them."""
    _SESSION.use(config)
    from detect_secrets.core import scan

    return [
        PluginSecret(
            secret_type=secret.type,
            plugin=_plugin_name(secret.type),
            secret=secret.secret_value or "",
            line=secret.line_number,
        )
        for secret in scan.scan_file(path)
    ]


def transformed_lines(path: str, eager: bool) -> bool:
    """Return True when one of detect-secrets' transformers (its YAML and
    INI parsers) reads the file, so its lines are not the file's own.

    With ``eager``, only the transformers detect-secrets tries after a
    first pass found nothing count. A file detect-secrets cannot decode
    is taken as transformed, so that ``scan_file`` decides about it.
    """
    from detect_secrets.transformers import get_transformed_file

    try:
        with open(path, encoding="utf-8") as stream:
            # detect-secrets types the argument as its NamedIO protocol.
            named: Any = stream
            lines = get_transformed_file(named, use_eager_transformers=eager)
    except UnicodeDecodeError:
        return True
    return lines is not None


def scan_lines(
    path: str,
    lines: list[str],
    plugins_by_line: dict[int, set[str]],
    config: dict[str, Any],
) -> list[PluginSecret]:
    """Scan only the lines of ``plugins_by_line`` (1-based) of a file whose
    ``lines`` detect-secrets reads as they are, with no transformer, and
    on each only the plugins named for it.

    This is the per-line pipeline of detect-secrets' ``scan_file``, built
    from its public parts (``get_plugins``, ``get_filters_with_parameter``,
    ``get_code_snippet``): the file filters, then for each line the line
    filters, each plugin's ``analyze_line``, and the secret and context
    filters. Lines and plugins that cannot produce a finding are skipped,
    which is where a whole-file scan spends its time.
    """
    _SESSION.use(config)
    from detect_secrets.settings import get_plugins
    from detect_secrets.util.code_snippet import get_code_snippet

    if _filtered_out(("filename",), filename=path):
        return []
    found = []
    for number, names in sorted(plugins_by_line.items()):
        line = lines[number - 1].rstrip()
        context = get_code_snippet(lines=lines, line_number=number)
        if _filtered_out(("line",), filename=path, line=line, context=context):
            continue
        for plugin in get_plugins():
            if type(plugin).__name__ not in names:
                continue
            for secret in _analyze(plugin, path, line, number, context):
                value = secret.secret_value
                if _filtered_out(
                    ("secret",), filename=path, secret=value, plugin=plugin, line=line
                ) or _filtered_out(
                    ("context",),
                    filename=path,
                    secret=value,
                    plugin=plugin,
                    line=line,
                    context=context,
                ):
                    continue
                found.append(
                    PluginSecret(
                        secret_type=secret.type,
                        plugin=_plugin_name(secret.type),
                        secret=value or "",
                        line=number,
                    )
                )
    return found


def _analyze(plugin: Any, path: str, line: str, number: int, context: Any) -> Any:
    from detect_secrets.util.inject import call_function_with_arguments

    return (
        call_function_with_arguments(
            plugin.analyze_line,
            filename=path,
            line=line,
            line_number=number,
            context=context,
        )
        or ()
    )


def _filtered_out(parameters: tuple[str, ...], **arguments: Any) -> bool:
    """Return True when a detect-secrets filter taking ``parameters``
    drops the item. Filters that need arguments not given are skipped,
    as in detect-secrets' own scan."""
    from detect_secrets.core.scan import get_filters_with_parameter
    from detect_secrets.util.inject import call_function_with_arguments

    for filter_function in get_filters_with_parameter(*parameters):
        try:
            if call_function_with_arguments(filter_function, **arguments):
                return True
        except TypeError:
            continue
    return False


def _plugin_name(secret_type: str) -> str:
    known = PLUGIN_BY_TYPE.get(secret_type)
    if known is not None:
        return known.plugin
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    mapping: dict[str, type] = get_mapping_from_secret_type_to_class()
    plugin = mapping.get(secret_type)
    return plugin.__name__ if plugin is not None else "unknown plugin"


def to_candidates(secrets: list[PluginSecret], lines: list[str]) -> Iterator[Candidate]:
    for found in secrets:
        known = PLUGIN_BY_TYPE.get(found.secret_type)
        code = known.code if known is not None else OTHER_PLUGIN_CODE
        line_text = lines[found.line - 1] if 0 < found.line <= len(lines) else ""
        start = line_text.find(found.secret) if found.secret else -1
        if start == -1:
            column, end_column = 1, len(line_text) + 1
        else:
            column, end_column = start + 1, start + len(found.secret) + 1
        yield Candidate(
            code=code,
            line=max(found.line, 1),
            column=column,
            end_column=end_column,
            secret=found.secret,
            secret_type=found.secret_type,
            message=(
                f"detect-secrets {found.plugin} found a secret of type"
                f" `{found.secret_type}`: {quoted_mask(found.secret)}; move it to"
                " the environment or a secret store, or record it in the"
                " baseline if it is not a secret"
            ),
        )
