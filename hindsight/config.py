"""The team's settings for postmortems (`extra.postmortem` in mkdocs.yml).

Defaults follow the format contract; a team may override any part. A bad
setting is reported with its dotted path, so a typo fails loudly at start-up
instead of silently turning a rule off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from hindsight.colour import ink
from hindsight.model import Tag

CONFIG_KEY = "extra.postmortem"
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Severity:
    """One level of the scale, and how every page, card, listing and feed shows it."""

    key: str
    label: str
    colour: str
    meaning: str

    @property
    def text(self) -> str:
        """The level in words, one form everywhere: `SEV1 · Critical` (the key alone when the label repeats it)."""
        return self.key if self.label == self.key else f"{self.key} \u00b7 {self.label}"

    @property
    def ink(self) -> str:
        """Text colour that stays readable on `colour` (WCAG contrast)."""
        return ink(self.colour)


@dataclass(frozen=True)
class Factor:
    """A contributing factor a team names in its postmortems (`factors: [config-change]`)."""

    key: str
    label: str
    meaning: str


CHASE_LEVELS = ("off", "warn", "fail")


@dataclass(frozen=True)
class SectionSpec:
    """A required H2 section: `key` is stable, `name` is what writers type."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    severities: tuple[Severity, ...]
    required_tags: tuple[Tag, ...]
    min_words: int
    max_words: int
    sections: tuple[SectionSpec, ...]
    timeline_slack: timedelta
    cards: bool = True
    """Draw a 1200x630 social card per postmortem for link previews."""
    factors: tuple[Factor, ...] = ()
    tickets: str | None = None
    """A tracker URL with `{key}` (`https://tracker.example.com/browse/{key}`): ticket keys in tasks become links."""
    chase_overdue: str = "off"
    """What the build does with each open task past its due date: off, warn or fail."""
    chase_repeats: str = "off"
    """What the build does when a repeated outage's predecessor still has overdue tasks: off, warn or fail."""
    review_required: int = 0
    """Reviewers a published postmortem must name (0: none required)."""
    trusted_html: bool = False
    """Publish raw HTML in postmortems as written; by default it is sanitised (hindsight.page.sanitise)."""

    def severity(self, key: str | None) -> Severity | None:
        """The configured level of a key (any case); None for none or an unknown one."""
        if not key:
            return None
        for level in self.severities:
            if level.key.lower() == key.lower():
                return level
        return None

    def factor(self, key: str) -> Factor | None:
        for factor in self.factors:
            if factor.key.lower() == key.lower():
                return factor
        return None


DEFAULT_SEVERITIES = (
    Severity("SEV1", "Critical", "#b71c1c", "Full outage or data loss for many users"),
    Severity("SEV2", "Major", "#bf360c", "A core feature down or badly degraded"),
    Severity("SEV3", "Moderate", "#a35f00", "A feature degraded for some users; workaround exists"),
    Severity("SEV4", "Minor", "#2e7d32", "Small impact, few users, nothing lost"),
    Severity("SEV5", "Cosmetic", "#546e7a", "No real impact; a near miss or a cosmetic fault"),
)

DEFAULT_SECTIONS = (
    SectionSpec("summary", "Issue Summary"),
    SectionSpec("timeline", "Timeline"),
    SectionSpec("root_cause", "Root Cause and Resolution"),
    SectionSpec("corrective", "Corrective and Preventative Measures"),
)

DEFAULT_FACTORS = (
    Factor("config-change", "Config change", "A configuration or feature-flag change"),
    Factor("deploy", "Deploy", "A release or rollout of new code"),
    Factor("capacity", "Capacity", "Load beyond what the system was sized for"),
    Factor("dependency", "Dependency", "An internal service or library we depend on"),
    Factor("expired-secret", "Expired certificate or secret", "A certificate, key or token that ran out"),
    Factor("human-error", "Human error in an operation", "A manual step done wrongly (blameless: fix the step)"),
    Factor("monitoring-gap", "Monitoring gap", "Nothing alerted, or the alert was late or misleading"),
    Factor("software-bug", "Software bug", "A defect in our own code"),
    Factor("hardware", "Hardware", "A disk, host, network device or data centre fault"),
    Factor("external-provider", "External provider", "A cloud, SaaS or network provider outside our control"),
)

DEFAULT = Config(
    severities=DEFAULT_SEVERITIES,
    required_tags=(Tag.DETECTED, Tag.ACTION, Tag.MISLEADING, Tag.ESCALATED, Tag.RESOLVED),
    min_words=400,
    max_words=600,
    sections=DEFAULT_SECTIONS,
    timeline_slack=timedelta(hours=12),
    factors=DEFAULT_FACTORS,
)


class ConfigError(Exception):
    """Raised with every problem of the configuration, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def load_config(raw: object) -> Config:
    """Build a Config from the `extra.postmortem` mapping (None means defaults)."""
    if raw is None:
        return DEFAULT
    errors: list[str] = []
    if not isinstance(raw, Mapping):
        raise ConfigError([f"{CONFIG_KEY}: must be a mapping - see the writing guide for an example"])
    known = {
        "severities",
        "timeline",
        "words",
        "sections",
        "cards",
        "factors",
        "tickets",
        "chase",
        "review",
        "trusted_html",
    }
    for key in raw:
        if key not in known:
            errors.append(f"{CONFIG_KEY}.{key}: unknown setting - use one of {', '.join(sorted(known))}")

    severities = _severities(raw.get("severities"), errors)
    required_tags, slack = _timeline(raw.get("timeline"), errors)
    min_words, max_words = _words(raw.get("words"), errors)
    sections = _sections(raw.get("sections"), errors)
    cards = raw.get("cards", True)
    if not isinstance(cards, bool):
        errors.append(f"{CONFIG_KEY}.cards: {cards!r} is not true or false - write cards: true or cards: false")
    trusted = raw.get("trusted_html", False)
    if not isinstance(trusted, bool):
        errors.append(
            f"{CONFIG_KEY}.trusted_html: {trusted!r} is not true or false"
            " - write trusted_html: false (raw HTML sanitised, the default) or true"
        )
    factors = _factors(raw.get("factors"), errors)
    tickets = _tickets(raw.get("tickets"), errors)
    overdue, repeats = _chase(raw.get("chase"), errors)
    required = _review(raw.get("review"), errors)
    if errors:
        raise ConfigError(errors)
    return Config(
        severities,
        required_tags,
        min_words,
        max_words,
        sections,
        slack,
        cards is not False,
        factors=factors,
        tickets=tickets,
        chase_overdue=overdue,
        chase_repeats=repeats,
        review_required=required,
        trusted_html=trusted is True,
    )


_FACTOR_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _factors(raw: object, errors: list[str]) -> tuple[Factor, ...]:
    where = f"{CONFIG_KEY}.factors"
    if raw is None:
        return DEFAULT_FACTORS
    if not isinstance(raw, list):
        errors.append(f"{where}: must be a list - e.g. - {{key: deploy, label: Deploy, meaning: A release}}")
        return DEFAULT_FACTORS
    factors: list[Factor] = []
    for index, item in enumerate(raw):
        here = f"{where}[{index}]"
        if not isinstance(item, Mapping):
            errors.append(f"{here}: must be a mapping - give key, label and meaning")
            continue
        values = {name: item.get(name) for name in ("key", "label", "meaning")}
        bad = [name for name, value in values.items() if not _text(value)]
        for name in bad:
            errors.append(f"{here}.{name}: missing or not text - give it as a quoted string")
        if "key" not in bad and not _FACTOR_KEY.match(str(values["key"])):
            errors.append(
                f"{here}.key: {values['key']!r} is not a key - use lower case, digits and dashes, e.g. deploy"
            )
            continue
        if not bad:
            factors.append(Factor(*(str(values[name]).strip() for name in ("key", "label", "meaning"))))
    keys = [factor.key for factor in factors]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        errors.append(f"{where}: factor {key!r} is listed twice - give each factor once")
    return tuple(factors)


def _tickets(raw: object, errors: list[str]) -> str | None:
    if raw is None:
        return None
    example = "e.g. tickets: 'https://tracker.example.com/browse/{key}'"
    if not isinstance(raw, str) or not re.match(r"^https?://", raw) or raw.count("{key}") != 1:
        errors.append(f"{CONFIG_KEY}.tickets: {raw!r} is not an http(s) URL with one {{key}} - {example}")
        return None
    if set("{}") & set(raw.replace("{key}", "")):
        errors.append(f"{CONFIG_KEY}.tickets: {raw!r} has braces other than {{key}} - {example}")
        return None
    return raw


def _chase(raw: object, errors: list[str]) -> tuple[str, str]:
    where = f"{CONFIG_KEY}.chase"
    if raw is None:
        return DEFAULT.chase_overdue, DEFAULT.chase_repeats
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: must be a mapping - e.g. {{overdue: warn, repeats: fail}}")
        return DEFAULT.chase_overdue, DEFAULT.chase_repeats
    levels = {"overdue": DEFAULT.chase_overdue, "repeats": DEFAULT.chase_repeats}
    for key, value in raw.items():
        if key not in levels:
            errors.append(f"{where}.{key}: unknown setting - use overdue or repeats")
            continue
        level = "off" if value is False else value  # YAML reads a bare `off` as false
        if level not in CHASE_LEVELS:
            errors.append(f"{where}.{key}: {value!r} is not one of off, warn, fail - e.g. {key}: warn")
            continue
        levels[str(key)] = str(level)
    return levels["overdue"], levels["repeats"]


def _review(raw: object, errors: list[str]) -> int:
    where = f"{CONFIG_KEY}.review"
    if raw is None:
        return 0
    if not isinstance(raw, Mapping) or set(raw) - {"required"} or not _whole(raw.get("required", 0)):
        errors.append(f"{where}: must be a mapping with a whole number of required reviewers - e.g. {{required: 1}}")
        return 0
    return int(raw.get("required", 0))


def _severities(raw: object, errors: list[str]) -> tuple[Severity, ...]:
    where = f"{CONFIG_KEY}.severities"
    if raw is None:
        return DEFAULT_SEVERITIES
    if not isinstance(raw, list) or not raw:
        errors.append(
            f"{where}: must be a non-empty list"
            " - e.g. - {key: SEV1, label: Critical, colour: '#b71c1c', meaning: ...}"
        )
        return DEFAULT_SEVERITIES
    levels: list[Severity] = []
    for index, item in enumerate(raw):
        here = f"{where}[{index}]"
        if not isinstance(item, Mapping):
            errors.append(f"{here}: must be a mapping - give key, label, colour and meaning")
            continue
        values = {name: item.get(name) for name in ("key", "label", "colour", "meaning")}
        bad = [name for name, value in values.items() if not _text(value)]
        for name in bad:
            errors.append(f"{here}.{name}: missing or not text - give it as a quoted string")
        colour = values["colour"]
        if "colour" not in bad and not _COLOUR.match(str(colour)):
            errors.append(f"{here}.colour: {colour!r} is not a colour - use a hex colour like '#b71c1c'")
        if not bad:
            levels.append(Severity(*(str(values[name]) for name in ("key", "label", "colour", "meaning"))))
    keys = [level.key.lower() for level in levels]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        errors.append(f"{where}: level {key!r} is listed twice - give each level once")
    return tuple(levels)


def _timeline(raw: object, errors: list[str]) -> tuple[tuple[Tag, ...], timedelta]:
    where = f"{CONFIG_KEY}.timeline"
    if raw is None:
        return DEFAULT.required_tags, DEFAULT.timeline_slack
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: must be a mapping - e.g. {{required_tags: [detected, resolved], slack_hours: 12}}")
        return DEFAULT.required_tags, DEFAULT.timeline_slack
    tags = DEFAULT.required_tags
    if "required_tags" in raw:
        value = raw["required_tags"]
        names = {tag.value for tag in Tag}
        if not isinstance(value, list) or not all(isinstance(v, str) and v in names for v in value):
            errors.append(
                f"{where}.required_tags: must be a list of tags from {', '.join(sorted(names))}"
                " - e.g. [detected, resolved]"
            )
        else:
            tags = tuple(Tag(v) for v in value)
    slack = DEFAULT.timeline_slack
    if "slack_hours" in raw:
        hours = raw["slack_hours"]
        if not _whole(hours) or not 0 <= hours <= 8760:
            errors.append(f"{where}.slack_hours: must be a whole number of hours up to 8760 (a year) - e.g. 12")
        else:
            slack = timedelta(hours=hours)
    for key in raw:
        if key not in ("required_tags", "slack_hours"):
            errors.append(f"{where}.{key}: unknown setting - use required_tags or slack_hours")
    return tags, slack


def _words(raw: object, errors: list[str]) -> tuple[int, int]:
    where = f"{CONFIG_KEY}.words"
    if raw is None:
        return DEFAULT.min_words, DEFAULT.max_words
    if not isinstance(raw, Mapping) or set(raw) - {"min", "max"}:
        errors.append(f"{where}: must be a mapping with min and max - e.g. {{min: 400, max: 600}}")
        return DEFAULT.min_words, DEFAULT.max_words
    low, high = raw.get("min", DEFAULT.min_words), raw.get("max", DEFAULT.max_words)
    if not _whole(low) or not _whole(high):
        errors.append(f"{where}: min and max must be whole numbers - e.g. {{min: 400, max: 600}}")
        return DEFAULT.min_words, DEFAULT.max_words
    if low > high:
        errors.append(f"{where}: min ({low}) is above max ({high}) - swap them")
    return low, high


def _sections(raw: object, errors: list[str]) -> tuple[SectionSpec, ...]:
    where = f"{CONFIG_KEY}.sections"
    if raw is None:
        return DEFAULT_SECTIONS
    keys = [spec.key for spec in DEFAULT_SECTIONS]
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: must be a mapping from {', '.join(keys)} to {{name: ..., aliases: [...]}}")
        return DEFAULT_SECTIONS
    specs: list[SectionSpec] = []
    for spec in DEFAULT_SECTIONS:
        item = raw.get(spec.key)
        if item is None:
            specs.append(spec)
            continue
        here = f"{where}.{spec.key}"
        if not isinstance(item, Mapping):
            errors.append(f"{here}: must be a mapping - e.g. {{name: {spec.name}, aliases: []}}")
            continue
        name = item.get("name", spec.name)
        aliases = item.get("aliases", [])
        if not _text(name):
            errors.append(f"{here}.name: must be text - e.g. {spec.name}")
            continue
        if not isinstance(aliases, list) or not all(_text(a) for a in aliases):
            errors.append(f"{here}.aliases: must be a list of headings - e.g. [Summary]")
            continue
        specs.append(SectionSpec(spec.key, str(name), tuple(str(a) for a in aliases)))
    for key in raw:
        if key not in keys:
            errors.append(f"{where}.{key}: unknown section - use one of {', '.join(keys)}")
    return tuple(specs)
