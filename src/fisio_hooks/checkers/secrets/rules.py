"""The FIS5xx rules and the code of each detect-secrets plugin."""

from typing import NamedTuple

from fisio_hooks.engine.rules import Rule

_SUPPRESS = (
    "\n\nA line is allowlisted with a trailing '# pragma: allowlist secret',"
    "\nor with '# pragma: allowlist nextline secret' alone on the line"
    "\nbefore it ('//', '/* */', '--' and '<!-- -->' comments work too);"
    "\n'# noqa: FIS5xx' works as for every rule. A secret whose hash is in"
    "\nthe baseline (.secrets.baseline, written by 'fisio-hooks baseline')"
    "\nis known and not reported."
)

CONNECTION_STRING = Rule(
    code="FIS501",
    name="connection-string-password",
    summary="A connection string embeds a password.",
    explanation=(
        "A MongoDB (mongodb://, mongodb+srv://), Redis, PostgreSQL, MySQL or\n"
        "AMQP URL of the form scheme://user:password@host puts the password\n"
        "in every clone of the repository and in its history. Placeholders\n"
        "are not reported: <password>, ${VAR}, {password}, %(password)s,\n"
        "****, xxx, password, changeme and an empty password." + _SUPPRESS
    ),
    # pragma: allowlist nextline secret
    example='MONGO_URL = "mongodb://fisio:s3cr3t-pw@db.internal:27017/fisio"',
    fixed_example='MONGO_URL = os.environ["MONGO_URL"]',
    settings=("secrets.baseline",),
)
KEY_PAIR = Rule(
    code="FIS502",
    name="api-key-pair",
    summary="An API access key and secret key pair is written in the file.",
    explanation=(
        "accessKey=<64 hex>;secretKey=<64 hex> is the X-ApiKeys header of\n"
        "vulnerability-scanner APIs; together the two keys act as the\n"
        "account. Both orders and ';', ',' or '&' separators are found." + _SUPPRESS
    ),
    example=(
        # pragma: allowlist nextline secret
        'HEADERS = {"X-ApiKeys": "accessKey=<64 hex digits>;secretKey=<64 hex digits>"}'
    ),
    fixed_example='HEADERS = {"X-ApiKeys": os.environ["SCANNER_API_KEYS"]}',
    settings=("secrets.baseline",),
)
CREDENTIAL = Rule(
    code="FIS503",
    name="hardcoded-credential",
    summary="A Python string literal is stored under a credential's name.",
    explanation=(
        "A string literal assigned to, passed as a keyword named, used as\n"
        "the default of a parameter named, or stored under a dict key named\n"
        "like a credential (password, passwd, pwd, secret, token, api_key,\n"
        "access_key, secret_key, private_key, client_secret, db_password,\n"
        "authToken, ...). Placeholders, empty strings and values that are\n"
        "plainly not credentials (text with spaces, an environment variable\n"
        "name, a URL or path, a dotted setting name) are not reported." + _SUPPRESS
    ),
    example='client = Client(api_key="9f3c1a7e55d24b0c")',
    fixed_example='client = Client(api_key=os.environ["CLIENT_API_KEY"])',
    settings=("secrets.baseline",),
)
ENV_FILE = Rule(
    code="FIS504",
    name="committed-env-file",
    summary="An environment file with values is committed.",
    explanation=(
        "A .env file (.env, .env.production, production.env) holds the\n"
        "values of one machine, secrets among them. Each non-empty value is\n"
        "reported. Commit a template with empty values instead: files named\n"
        ".env.example, .env.sample, .env.template or .env.dist are not\n"
        "checked by this rule." + _SUPPRESS
    ),
    example="# .env\nMONGO_PASSWORD=s3cr3t-pw",
    fixed_example="# .env.example\nMONGO_PASSWORD=",
    settings=("secrets.baseline",),
)


class PluginCode(NamedTuple):
    """The code of one detect-secrets plugin, and its secret type."""

    code: str
    plugin: str
    secret_type: str
    description: str


# Stable codes, one per detect-secrets 1.5 plugin; a code is never reused.
PLUGIN_CODES = (
    PluginCode(
        "FIS510",
        "ArtifactoryDetector",
        "Artifactory Credentials",
        "Artifactory API tokens and passwords",
    ),
    PluginCode(
        "FIS511",
        "AWSKeyDetector",
        "AWS Access Key",
        "AWS access key ids and secret access keys",
    ),
    PluginCode(
        "FIS512",
        "AzureStorageKeyDetector",
        "Azure Storage Account access key",
        "Azure Storage account keys",
    ),
    PluginCode(
        "FIS513",
        "Base64HighEntropyString",
        "Base64 High Entropy String",
        "random-looking base64 strings",
    ),
    PluginCode(
        "FIS514",
        "BasicAuthDetector",
        "Basic Auth Credentials",
        "passwords in scheme://user:password@host URLs",
    ),
    PluginCode(
        "FIS515",
        "CloudantDetector",
        "Cloudant Credentials",
        "Cloudant passwords and API keys",
    ),
    PluginCode(
        "FIS516", "DiscordBotTokenDetector", "Discord Bot Token", "Discord bot tokens"
    ),
    PluginCode(
        "FIS517",
        "GitHubTokenDetector",
        "GitHub Token",
        "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_)",
    ),
    PluginCode(
        "FIS518",
        "GitLabTokenDetector",
        "GitLab Token",
        "GitLab tokens (glpat-, gldt-, ...)",
    ),
    PluginCode(
        "FIS519",
        "HexHighEntropyString",
        "Hex High Entropy String",
        "random-looking hex strings",
    ),
    PluginCode(
        "FIS520", "IbmCloudIamDetector", "IBM Cloud IAM Key", "IBM Cloud IAM keys"
    ),
    PluginCode(
        "FIS521",
        "IbmCosHmacDetector",
        "IBM COS HMAC Credentials",
        "IBM Cloud Object Storage HMAC keys",
    ),
    PluginCode(
        "FIS522", "IPPublicDetector", "Public IP (ipv4)", "public IPv4 addresses"
    ),
    PluginCode("FIS523", "JwtTokenDetector", "JSON Web Token", "JSON Web Tokens"),
    PluginCode(
        "FIS524",
        "KeywordDetector",
        "Secret Keyword",
        "values assigned to secret-sounding names",
    ),
    PluginCode(
        "FIS525", "MailchimpDetector", "Mailchimp Access Key", "Mailchimp API keys"
    ),
    PluginCode("FIS526", "NpmDetector", "NPM tokens", "npm auth tokens"),
    PluginCode("FIS527", "OpenAIDetector", "OpenAI Token", "OpenAI API keys"),
    PluginCode(
        "FIS528",
        "PrivateKeyDetector",
        "Private Key",
        "private keys (PEM, OpenSSH, PGP, PuTTY)",
    ),
    PluginCode("FIS529", "PypiTokenDetector", "PyPI Token", "PyPI upload tokens"),
    PluginCode("FIS530", "SendGridDetector", "SendGrid API Key", "SendGrid API keys"),
    PluginCode(
        "FIS531", "SlackDetector", "Slack Token", "Slack tokens and webhook URLs"
    ),
    PluginCode(
        "FIS532", "SoftlayerDetector", "SoftLayer Credentials", "SoftLayer API keys"
    ),
    PluginCode(
        "FIS533", "SquareOAuthDetector", "Square OAuth Secret", "Square OAuth secrets"
    ),
    PluginCode("FIS534", "StripeDetector", "Stripe Access Key", "Stripe live keys"),
    PluginCode(
        "FIS535",
        "TelegramBotTokenDetector",
        "Telegram Bot Token",
        "Telegram bot tokens",
    ),
    PluginCode("FIS536", "TwilioKeyDetector", "Twilio API Key", "Twilio API keys"),
)
# Findings of a plugin missing from the table: a custom plugin named in
# the baseline, or one added by a newer detect-secrets.
OTHER_PLUGIN_CODE = "FIS599"

PLUGIN_BY_TYPE = {plugin.secret_type: plugin for plugin in PLUGIN_CODES}


def _plugin_rule(plugin: PluginCode) -> Rule:
    return Rule(
        code=plugin.code,
        name=f"detect-secrets-{plugin.plugin}",
        summary=f"detect-secrets' {plugin.plugin} found {plugin.description}.",
        explanation=(
            f"detect-secrets' {plugin.plugin} plugin reports secrets of type\n"
            f"'{plugin.secret_type}'. Its findings pass detect-secrets' own\n"
            "false-positive filters (and those listed in the baseline's\n"
            "filters_used); verification against the provider's API is always\n"
            "off, because fisio-hooks never opens a network connection.\n"
            "Placeholders are dropped, and so is a finding on a span that\n"
            "FIS501-FIS504 already report." + _SUPPRESS
        ),
        settings=("secrets.baseline",),
    )


OTHER_PLUGIN = Rule(
    code=OTHER_PLUGIN_CODE,
    name="detect-secrets-other",
    summary="A detect-secrets plugin without a code of its own found a secret.",
    explanation=(
        "A custom plugin listed in the baseline's plugins_used, or a plugin\n"
        "added by a newer detect-secrets, reported a secret. The message\n"
        "names the plugin and the secret type." + _SUPPRESS
    ),
    settings=("secrets.baseline",),
)

RULES = (
    CONNECTION_STRING,
    KEY_PAIR,
    CREDENTIAL,
    ENV_FILE,
    *(_plugin_rule(plugin) for plugin in PLUGIN_CODES),
    OTHER_PLUGIN,
)
