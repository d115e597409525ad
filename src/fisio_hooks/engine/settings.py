"""Settings from ``[tool.fisio-hooks]`` in ``pyproject.toml``, validated.

Every key is kebab-case in TOML and snake_case here. A setting's type
follows from its default: a string, a bool, an int, a list of strings
(a tuple here) or a table of glob to list of codes (a dict here).
Unknown keys and values of the wrong type raise :class:`SettingsError`.
"""

import os
import re
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOOL_KEY = "fisio-hooks"


class SettingsError(Exception):
    """An invalid settings file, with a message naming the key and file."""


class SubscriptionFilterSettings(NamedTuple):
    fields: tuple[str, ...] = ("info.owner.subID",)
    global_collections: tuple[str, ...] = ()
    filter_helpers: tuple[str, ...] = ()
    # Receivers that add the subscription filter themselves, such as a
    # request-scoped database: a dotted path ("request.tenant_db", which
    # covers one collection step below it too) or the name of a wrapper
    # class or factory ("ScopedCollection").
    scoped_receivers: tuple[str, ...] = ()


class SubscriptionIdSettings(NamedTuple):
    canonical: str = "subscription_id"
    extra_variants: tuple[str, ...] = ()

    def validate(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", self.canonical):
            raise ValueError(
                "canonical must be a snake_case name such as"
                f' "subscription_id", got "{self.canonical}"'
            )
        for variant in self.extra_variants:
            if not variant.isidentifier():
                raise ValueError(
                    f'extra-variants must be Python names, got "{variant}"'
                )


class AbsoluteImportsSettings(NamedTuple):
    # Folders, relative to the project root, that hold top-level modules.
    # Empty means the folder that contains the root package.
    source_roots: tuple[str, ...] = ()
    # Top-level names that are never fisio code, besides the standard
    # library and the dependencies the project's pyproject.toml declares.
    third_party: tuple[str, ...] = ()

    def validate(self) -> None:
        for folder in self.source_roots:
            if "\0" in folder or os.path.isabs(folder):
                shown = folder.encode("unicode_escape").decode("ascii")
                raise ValueError(
                    "source-roots entries must be folders relative to the"
                    f' project root, got "{shown}"'
                )


class LoggingStyleSettings(NamedTuple):
    instance_logger: str = "self.log"
    module_loggers: tuple[str, ...] = ("LOG",)
    logger_base_classes: tuple[str, ...] = ()
    print_allowed: tuple[str, ...] = ("fisio/scripts/*", "**/__main__.py")

    def validate(self) -> None:
        parts = self.instance_logger.split(".")
        if len(parts) < 2 or not all(part.isidentifier() for part in parts):
            raise ValueError(
                "instance-logger must be an attribute of the instance such as"
                f' "self.log", got "{self.instance_logger}"'
            )
        for name in self.module_loggers:
            if not name.isidentifier():
                raise ValueError(f'module-loggers must be Python names, got "{name}"')
        for name in self.logger_base_classes:
            if not all(part.isidentifier() for part in name.split(".")):
                raise ValueError(
                    "logger-base-classes must be class names or dotted paths,"
                    f' got "{name}"'
                )


class SecretsSettings(NamedTuple):
    # detect-secrets' baseline file, relative to the project root.
    baseline: str = ".secrets.baseline"

    def validate(self) -> None:
        if not self.baseline.strip() or "\0" in self.baseline:
            shown = self.baseline.encode("unicode_escape").decode("ascii")
            raise ValueError(
                "baseline must be the path of a file such as"
                f' ".secrets.baseline", got "{shown}"'
            )


class Settings(NamedTuple):
    """All settings. Relative globs and paths in settings are resolved
    against ``project_root``, the folder of the settings file (or the
    current folder when there is none)."""

    root_package: str = "fisio"
    exclude: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = {}
    subscription_filter: SubscriptionFilterSettings = SubscriptionFilterSettings()
    subscription_id: SubscriptionIdSettings = SubscriptionIdSettings()
    absolute_imports: AbsoluteImportsSettings = AbsoluteImportsSettings()
    logging_style: LoggingStyleSettings = LoggingStyleSettings()
    secrets: SecretsSettings = SecretsSettings()
    project_root: str = "."
    config_path: str | None = None

    def validate(self) -> None:
        if not self.root_package.isidentifier():
            raise ValueError(
                "root-package must be the name of a top-level package, such"
                f' as "fisio", got "{self.root_package}"'
            )
        for glob in (*self.exclude, *self.per_file_ignores):
            _check_glob(glob)
        for glob, codes in self.per_file_ignores.items():
            for code in codes:
                if not _CODE_SELECTOR.fullmatch(code):
                    raise ValueError(
                        f'per-file-ignores for "{glob}": "{code}" is not a code'
                        " or prefix such as FIS4 or FIS405"
                    )


# A finding code or a prefix of one: FIS followed by one to three digits.
_CODE_SELECTOR = re.compile(r"FIS[0-9]{1,3}")


def _check_glob(glob: str) -> None:
    from fisio_hooks.engine.paths import glob_problem

    problem = glob_problem(glob)
    if problem is not None:
        raise ValueError(f'invalid glob "{glob}": {problem}')


# Fields of Settings that are not read from the settings file.
_NOT_SETTINGS = {"project_root", "config_path"}


class SettingsResolver:
    """Settings for each file: those of ``--config`` when given, else of
    the nearest ``pyproject.toml`` with a ``[tool.fisio-hooks]`` table
    above the file, as ruff finds its configuration. Lookups are cached
    per folder and per settings file."""

    def __init__(self, explicit: str | None, cwd: str) -> None:
        self.cwd = cwd
        self.explicit = load_settings(explicit, cwd) if explicit is not None else None
        self._configs: dict[str, str | None] = {}
        self._settings: dict[str | None, Settings] = {}

    def for_path(self, path: str) -> Settings:
        if self.explicit is not None:
            return self.explicit
        absolute = os.path.abspath(path)
        folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        config = self._config_for(folder)
        if config not in self._settings:
            self._settings[config] = (
                load_settings(config, self.cwd)
                if config
                else Settings(project_root=self.cwd)
            )
        return self._settings[config]

    def _config_for(self, folder: str) -> str | None:
        visited = []
        config: str | None = None
        for current in _folders_up(folder):
            if current in self._configs:
                config = self._configs[current]
                break
            visited.append(current)
            candidate = os.path.join(current, "pyproject.toml")
            if _has_tool_table(candidate):
                config = candidate
                break
        for current in visited:
            self._configs[current] = config
        return config


def _folders_up(folder: str) -> list[str]:
    """Return ``folder`` and each folder above it, up to the root."""
    folders = [folder]
    parent = os.path.dirname(folder)
    while parent != folders[-1]:
        folders.append(parent)
        parent = os.path.dirname(parent)
    return folders


def _has_tool_table(candidate: str) -> bool:
    """Return whether ``candidate`` has a ``tool.fisio-hooks`` entry, in
    any of the spellings TOML allows (a table header, a quoted or dotted
    key). Files that do not mention the name are not parsed. A file that
    does but is invalid TOML counts, so that loading it reports the error."""
    try:
        with open(candidate, "rb") as file:
            raw = file.read()
    except OSError:
        return False
    if TOOL_KEY.encode() not in raw:
        return False
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True
    tool = document.get("tool")
    return not isinstance(tool, dict) or TOOL_KEY in tool


def find_config(start: str) -> str | None:
    """Return the nearest ``pyproject.toml`` from ``start`` upward that has
    a ``[tool.fisio-hooks]`` table."""
    for folder in _folders_up(os.path.abspath(start)):
        candidate = os.path.join(folder, "pyproject.toml")
        if _has_tool_table(candidate):
            return candidate
    return None


def load_settings(
    config: str | os.PathLike[str] | None, cwd: str | os.PathLike[str] | None = None
) -> Settings:
    """Load settings from ``config``, or from the nearest pyproject.toml,
    or return the defaults."""
    cwd = os.fspath(cwd) if cwd is not None else os.getcwd()
    config = os.fspath(config) if config is not None else None
    if config is None:
        config = find_config(cwd)
        if config is None:
            return Settings(project_root=cwd)
    try:
        with open(config, "rb") as file:
            raw = file.read()
    except OSError as error:
        raise SettingsError(
            f"cannot read settings file {config}: {error.strerror or error}"
        ) from None
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"invalid TOML in {config}: {error}") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise SettingsError(f"{config}: [tool] must be a table")
    table = tool.get(TOOL_KEY, {})
    root = os.path.dirname(os.path.realpath(config))
    settings: Settings = _convert(Settings, table, f"tool.{TOOL_KEY}", config)
    return settings._replace(project_root=root, config_path=config)


def _convert(cls: Any, table: Any, where: str, config: str) -> Any:
    if not isinstance(table, dict):
        raise SettingsError(f"{config}: [{where}] must be a table")
    defaults = cls()
    by_key = {
        name.replace("_", "-"): name
        for name in cls._fields
        if name not in _NOT_SETTINGS
    }
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = by_key.get(key)
        if name is None:
            known = ", ".join(sorted(by_key))
            raise SettingsError(
                f"{config}: unknown key {where}.{key}; known keys: {known}"
            )
        default = getattr(defaults, name)
        values[name] = _convert_value(default, value, f"{where}.{key}", config)
    settings = cls(**values)
    try:
        # A settings class may define validate() to reject a value its
        # type allows but its meaning does not.
        if hasattr(settings, "validate"):
            settings.validate()
    except ValueError as error:
        raise SettingsError(f"{config}: invalid value in [{where}]: {error}") from None
    return settings


def _convert_value(default: Any, value: Any, key: str, config: str) -> Any:
    if hasattr(default, "_fields"):
        return _convert(type(default), value, key, config)
    if isinstance(default, bool):
        expected, ok = "a boolean", isinstance(value, bool)
    elif isinstance(default, int):
        expected = "an integer"
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, str):
        expected, ok = "a string", isinstance(value, str)
    elif isinstance(default, tuple):
        expected = "an array of strings"
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if ok:
            value = tuple(value)
    else:
        expected = "a table of glob to array of codes"
        ok = isinstance(value, dict) and all(
            isinstance(codes, list) and all(isinstance(c, str) for c in codes)
            for codes in value.values()
        )
        if ok:
            value = {glob: tuple(codes) for glob, codes in value.items()}
    if not ok:
        raise SettingsError(
            f"{config}: invalid value for {key}: expected {expected},"
            f" got {_describe(value)}"
        )
    return value


def _describe(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
