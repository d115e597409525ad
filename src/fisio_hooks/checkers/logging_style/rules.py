"""The documentation of the logging-style rules, FIS401 to FIS406."""

from __future__ import annotations

from fisio_hooks.engine.rules import Rule

MODULE_LOGGER_IN_METHOD = Rule(
    code="FIS401",
    name="module-logger-in-method",
    summary="A method of a class with an instance logger logs through a module logger.",
    explanation=(
        "A class has an instance logger when one of its methods assigns\n"
        "self.log, when its body defines log as a class attribute or\n"
        "property, when a base class defined in the same file has one, or\n"
        "when a base class is listed in logger-base-classes. Its methods,\n"
        "and the functions and lambdas nested in them, log through\n"
        "self.log so that records carry the logger name (and the level and\n"
        "handlers) the class chose. Logging through a module logger such as\n"
        "LOG, or any module-level name assigned from logging.getLogger(),\n"
        "bypasses it. Static and class methods have no instance and may\n"
        "use the module logger."
    ),
    example=(
        "LOG = logging.getLogger(__name__)\n"
        "\n"
        "class Importer:\n"
        "    def __init__(self):\n"
        "        self.log = LOG.getChild('importer')\n"
        "\n"
        "    def run(self):\n"
        "        LOG.info('importing')"
    ),
    fixed_example=(
        "class Importer:\n"
        "    ...\n"
        "    def run(self):\n"
        "        self.log.info('importing')"
    ),
    fix="sometimes",
    settings=("instance-logger", "module-loggers", "logger-base-classes"),
)

INSTANCE_LOGGER_WITHOUT_INSTANCE = Rule(
    code="FIS402",
    name="instance-logger-without-instance",
    summary="self.log is used where there is no instance or no instance logger.",
    explanation=(
        "self.log only exists on instances of a class that has an instance\n"
        "logger. In a static method, a class method, a module-level\n"
        "function or module-level code, self is not defined, and in a\n"
        "method of a class that never assigns self.log (nor inherits it\n"
        "from a base class in the same file or in logger-base-classes),\n"
        "the attribute is missing. Either way the line fails at run time,\n"
        "often only on the error path that was meant to be logged.\n"
        "A function nested in an instance method may use self.log, since\n"
        "it closes over self."
    ),
    example=(
        "class Importer:\n"
        "    @staticmethod\n"
        "    def parse(row):\n"
        "        self.log.debug('parsing %s', row)"
    ),
    fixed_example=(
        "class Importer:\n"
        "    @staticmethod\n"
        "    def parse(row):\n"
        "        LOG.debug('parsing %s', row)"
    ),
    settings=("instance-logger", "logger-base-classes"),
)

ROOT_LOGGER_CALL = Rule(
    code="FIS403",
    name="root-logger-call",
    summary="A record is logged through the root logger.",
    explanation=(
        "logging.info(), logging.exception(), logging.log() and the other\n"
        "module-level functions log through the root logger, so the record\n"
        "carries no module name and cannot be filtered or routed per\n"
        "module. They also call logging.basicConfig() when the root\n"
        "logger has no handler, which changes the logging set-up of the\n"
        "whole process as a side effect. The same goes for functions\n"
        "imported from logging (from logging import info), for\n"
        "logging.root and for logging.getLogger() without a name."
    ),
    example="logging.info('loaded %d rows', count)",
    fixed_example=(
        "LOG = logging.getLogger(__name__)\n\nLOG.info('loaded %d rows', count)"
    ),
)

EAGER_MESSAGE_FORMATTING = Rule(
    code="FIS404",
    name="eager-message-formatting",
    summary="A log message is formatted before the call instead of by logging.",
    explanation=(
        "An f-string, the % operator, str.format() or + builds the message\n"
        "text before the logger is called, even when the level is disabled,\n"
        "and every record gets a different message, which defeats grouping\n"
        "in log aggregators. Pass a %-style message and its values as\n"
        "arguments; logging formats them only when the record is emitted.\n"
        "The fix rewrites f-strings, str.format(), the % operator and +\n"
        "when the result is exactly the same text. Conversions !r, !s\n"
        "and !a, {x=}, and format specs that %-style formats the same way\n"
        "(such as .2f, 05d, >10s) are converted, and literal % signs are\n"
        "doubled. A + chain is fixed when its operands are literals,\n"
        "str(), repr() or ascii() calls, or str methods of a literal\n"
        "(', '.join(names)). Specs without an exact %-style equivalent\n"
        "(>10 without a type, which the value's own __format__ reads;\n"
        "centring, fill characters, thousands separators, nested\n"
        "fields), calls that already pass arguments, and + with any other\n"
        "operand are reported without a fix. '%s' % value with a single\n"
        "value that is not a literal gets an unsafe fix only: the %\n"
        "operator unpacks a tuple value, logging does not."
    ),
    example="LOG.info(f'user={user!r} took {seconds:.2f}s')",
    fixed_example="LOG.info('user=%r took %.2fs', user, seconds)",
    fix="sometimes",
)

PRINT_IN_PACKAGE = Rule(
    code="FIS405",
    name="print-in-package",
    summary="print() is called in package code.",
    explanation=(
        "Package code reports through logging so that the output has a\n"
        "level, a logger name and a destination the application chooses.\n"
        "print() writes to standard output, where a service loses it and a\n"
        "command-line tool mixes it with its real output. Package code is\n"
        "every file under the root package (root-package, also under a\n"
        "src/ folder); scripts listed in print-allowed may print."
    ),
    example="print('loaded', count, 'rows')",
    fixed_example="LOG.info('loaded %d rows', count)",
    settings=("root-package", "print-allowed"),
)

DEPRECATED_OR_MISPLACED_METHOD = Rule(
    code="FIS406",
    name="logger-method-misuse",
    summary="Logger.warn() is called, or Logger.exception() outside an except block.",
    explanation=(
        "warn() is a deprecated alias of warning(): it emits a\n"
        "DeprecationWarning (CPython 3.3 and later) on every call. The fix\n"
        "renames it to warning().\n"
        "exception() logs the exception being handled; outside an except\n"
        "block there is none, so the record ends with 'NoneType: None'\n"
        "instead of a traceback. Use error(), or pass exc_info= with the\n"
        "exception explicitly. Only calls on loggers (self.log, module\n"
        "loggers, logging itself) are checked, so warnings.warn() is fine."
    ),
    example=(
        "LOG.warn('disk almost full')\n"
        "\n"
        "def report(error):\n"
        "    LOG.exception('import failed')"
    ),
    fixed_example=(
        "LOG.warning('disk almost full')\n"
        "\n"
        "def report(error):\n"
        "    LOG.error('import failed', exc_info=error)"
    ),
    fix="sometimes",
)

RULES = (
    MODULE_LOGGER_IN_METHOD,
    INSTANCE_LOGGER_WITHOUT_INSTANCE,
    ROOT_LOGGER_CALL,
    EAGER_MESSAGE_FORMATTING,
    PRINT_IN_PACKAGE,
    DEPRECATED_OR_MISPLACED_METHOD,
)
