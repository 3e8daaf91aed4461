"""Realistic, valid postmortems for the benchmark, generated from a seed.

Timings only mean something on content that looks like the real thing: the
blog plugin, the search index and the validator all scale with words, lists
and front matter, so each file here follows docs/guide.md to the letter
(every field, four sections in order, 6-10 timeline bullets with all the
required tags, a task list, 400-600 words of prose). Post `i` depends only on
the seed and `i`, so the N=500 corpus is the first 500 posts of N=1000.
"""

from __future__ import annotations

import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
WORDS_LOW, WORDS_HIGH = 450, 560  # inside the 400-600 rule, with room for counting differences
FIRST_DAY = date(2021, 1, 1)
DAYS = 5 * 365

AUTHORS = ("ada", "priya", "tomas", "lin")
OWNERS = ("ada", "priya", "tomas", "lin", "samir", "grace", "marcus", "noor", "jonas", "mei")
REVIEWERS = (
    "Grace Lindholm",
    "Marcus Bell",
    "Samir Haddad",
    "Noor Aziz",
    "Jonas Berg",
    "Mei Tanaka",
    "Olu Adeyemi",
    "Ines Duarte",
)
SERVICES = (
    "checkout",
    "payments",
    "search",
    "product catalog",
    "storefront",
    "auth service",
    "api gateway",
    "mobile app",
    "notifications",
    "order history",
    "recommendations",
    "inventory",
    "shipping quotes",
    "admin console",
    "billing",
    "image service",
    "reviews",
    "loyalty points",
    "webhooks",
    "reporting",
    "email delivery",
    "session store",
)
TEAMS = (
    "platform",
    "database",
    "payments",
    "search",
    "mobile",
    "networking",
    "storefront",
    "identity",
    "data",
    "messaging",
)
REGIONS = ("eu-west-1", "us-east-1", "us-west-2", "ap-northeast-1", "eu-central-1")
ZONES = (
    "UTC",
    "UTC",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "+05:30",
    "-04:00",
    "+02:00",
)
SEVERITIES = (("SEV1", 1), ("SEV2", 3), ("SEV3", 5), ("SEV4", 4), ("SEV5", 2))


@dataclass(frozen=True)
class Scenario:
    """One kind of incident: the words that make its postmortem read like one."""

    key: str
    titles: tuple[str, ...]
    summary: str
    impact: str
    root_cause: str
    category: str
    tags: tuple[str, ...]
    misleading: tuple[str, ...]
    actions: tuple[str, ...]
    mitigated: str
    cause: tuple[str, ...]
    fix: tuple[str, ...]
    tasks: tuple[str, ...]
    code: str = ""


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "query",
        ("{Svc} crawled for {dur_short}", "An unindexed query slowed {svc}", "{Svc} timeouts at peak traffic"),
        "A new {svc} query without a supporting index pinned database CPU at peak, and {pct} of users hit timeouts.",
        "Slow pages, timeouts and failed requests on {svc}.",
        "An unindexed {svc} query saturated the primary database CPU.",
        "Database",
        ("postgres", "performance", "indexing"),
        (
            "Spiky traffic graphs suggested a DDoS, so we tightened rate limits; latency did not move.",
            "We suspected the last deploy of {svc2} and rolled it back, with no effect.",
        ),
        (
            "On-call checked the web tier, load balancers and network: all healthy.",
            "A database engineer found the primary at 100% CPU with hundreds of identical sessions.",
        ),
        "A new index finished building and the rewritten query was deployed.",
        (
            "A filter shipped the day before ran a query on a table with forty million rows and no index on the filtered column.",
            "At low traffic the sequential scan took half a second and nobody noticed it in review or in staging.",
            "At peak the same query ran hundreds of times a second, held the primary at full CPU and every other request queued behind it.",
        ),
        (
            "We built the missing index concurrently, rewrote the query to use it and redeployed {svc}.",
            "CPU fell below 40% within minutes and the queue drained on its own.",
        ),
        (
            "Add the missing index and a query plan check to review",
            "Run a production-sized dataset in staging",
            "Alert on database CPU above 80% for five minutes",
        ),
        "EXPLAIN SELECT * FROM items WHERE category_id = 42;\nSeq Scan on items  (cost=0.00..912345.00 rows=48211 width=312)",
    ),
    Scenario(
        "cert",
        (
            "The certificate that expired on schedule",
            "{Svc} logins failed after a certificate expired",
            "An internal certificate took down {svc}",
        ),
        "An internal TLS certificate between {svc2} and {svc} expired, and {pct} of users could not sign in.",
        "Sign-in failed with a generic error; users already signed in were unaffected.",
        "An internal TLS certificate expired without being renewed.",
        "Security",
        ("tls", "certificates"),
        (
            "The mobile release from the night before was blamed and its rollout paused.",
            "We assumed an identity provider outage and opened a ticket with the vendor.",
        ),
        (
            "Gateway logs showed TLS handshake failures on every call to {svc}.",
            "The team reproduced the failure on an old client build, which cleared the release.",
        ),
        "A new certificate was deployed and the gateway reloaded its upstream pool.",
        (
            "The certificate was issued by hand two years earlier, outside the automated renewal that covers our public certificates.",
            "Its expiry reminder went to the mailbox of an engineer who had since left the company.",
            "When it expired the gateway rejected the handshake exactly as designed and turned every request into an error.",
        ),
        (
            "The {team} team signed a replacement with a ninety day lifetime and deployed it.",
            "Most of the time to repair went on finding the runbook and the two approvers it requires.",
        ),
        (
            "Move internal certificates to automated renewal",
            "Alert when any certificate is within 21 days of expiry",
            "Name backup approvers for certificate issuance",
        ),
        "$ openssl x509 -noout -enddate -in auth.pem\nnotAfter=Jan  9 06:12:00 GMT",
    ),
    Scenario(
        "config",
        (
            "A configuration push broke {svc}",
            "{Svc} rejected requests after a config change",
            "One wrong value in the {svc} config",
        ),
        "A configuration change pushed to every {svc} instance at once set a limit far too low, and {pct} of requests were rejected.",
        "Requests to {svc} failed with errors; retries made it worse.",
        "A configuration change with a wrong limit was rolled out to all instances at once.",
        "Configuration",
        ("config", "rollout"),
        (
            "We blamed a noisy neighbour on the shared cluster and moved pods to new nodes.",
            "A spike in bot traffic looked like the cause and we blocked two networks.",
        ),
        (
            "The on-call engineer compared error rates across regions and saw the same jump everywhere at once.",
            "The change log showed a configuration push two minutes before the first error.",
        ),
        "The previous configuration was restored on every instance.",
        (
            "The change lowered a connection limit from 2000 to 200, a typo that review did not catch.",
            "The configuration system pushes to every instance at once, so there was no canary to fail first.",
            "Clients retried immediately, which doubled the load on the instances that still answered.",
        ),
        (
            "We reverted the change through the same pipeline and restarted the instances that had stuck.",
            "Error rates were back to normal eleven minutes after the revert.",
        ),
        (
            "Roll configuration out in stages with a canary",
            "Validate limits against sane ranges before a push",
            "Add jitter and backoff to client retries",
        ),
    ),
    Scenario(
        "dns",
        ("A DNS change made {svc} vanish", "{Svc} unreachable after a DNS update", "Stale DNS records broke {svc}"),
        "A DNS record for {svc} was replaced during a migration while clients still cached the old address, and {pct} of users could not reach it.",
        "Connections to {svc} timed out for users whose resolvers held the old record.",
        "A DNS record was changed before the old address was drained, with a long TTL.",
        "Networking",
        ("dns", "migration"),
        (
            "Packet loss in {region} looked like a cloud provider incident, so we waited for their status page.",
            "We restarted the load balancers, which changed nothing.",
        ),
        (
            "We resolved the name from several networks and got two different answers.",
            "The migration checklist showed the old load balancer had been deleted an hour earlier.",
        ),
        "The old address was restored and pointed at the new load balancer.",
        (
            "The record had a TTL of one day, so many resolvers kept the old address long after the change.",
            "The migration plan deleted the old load balancer as soon as the new record was published.",
            "Nothing monitored the old address, so the failure was invisible to our own checks.",
        ),
        (
            "We re-created a listener on the old address that forwards to the new load balancer.",
            "Errors stopped as soon as the listener was up, and we lowered the TTL for future moves.",
        ),
        (
            "Lower TTLs a day before any DNS migration",
            "Keep old endpoints alive until traffic on them reaches zero",
            "Probe {svc} from outside our own network",
        ),
    ),
    Scenario(
        "leak",
        (
            "{Svc} ran out of memory every afternoon",
            "A memory leak restarted {svc} in a loop",
            "{Svc} kept restarting under load",
        ),
        "A memory leak in a new version of {svc} made its instances restart in a loop under load, and {pct} of requests failed.",
        "Intermittent errors and slow responses from {svc}.",
        "A cache in {svc} grew without bound and exhausted instance memory.",
        "Performance",
        ("memory", "kubernetes"),
        (
            "Restarts looked like a bad node, so we drained two nodes and rescheduled the pods.",
            "We raised the memory limit, which only made the restarts slower.",
        ),
        (
            "Heap profiles from two instances showed one cache holding most of the memory.",
            "The team bisected the last three releases in staging under replayed traffic.",
        ),
        "The previous release was rolled back and instances stabilised.",
        (
            "A new per-user cache in {svc} had no size limit and no expiry.",
            "Each instance grew by a few hundred megabytes an hour and was killed when it reached its limit.",
            "Restarts came in waves because instances had started together after the deploy.",
        ),
        (
            "We rolled back, then shipped the cache again with a size limit and an expiry.",
            "Memory has stayed flat for two weeks since the fix.",
        ),
        (
            "Bound every in-process cache by size and age",
            "Alert on memory growth per instance over six hours",
            "Add a soak test to the release pipeline",
        ),
    ),
    Scenario(
        "disk",
        ("A full disk stopped {svc}", "{Svc} stopped writing when a volume filled", "Logs filled the {svc} disks"),
        "Debug logging left on after an investigation filled the data volumes of {svc}, which stopped accepting writes for {pct} of users.",
        "Writes to {svc} failed; reads kept working.",
        "Verbose logging filled the data volume and the service stopped accepting writes.",
        "Infrastructure",
        ("storage", "logging"),
        (
            "Write errors pointed at the database, so the database team failed over to the replica.",
            "We suspected a permissions change made the day before.",
        ),
        (
            "An engineer logged in to an instance and found the data volume at 100%.",
            "Log rotation turned out to be disabled on the new image.",
        ),
        "Old logs were removed and writes resumed.",
        (
            "Debug logging was switched on during an investigation the week before and never switched off.",
            "The new machine image shipped without log rotation, so files grew until the disk was full.",
            "Disk alerts existed but were routed to a channel nobody watched at night.",
        ),
        (
            "We deleted the old debug logs, switched logging back to info level and restored rotation.",
            "The volumes were also grown so that a repeat has days of headroom, not hours.",
        ),
        (
            "Make debug logging expire automatically after a day",
            "Route disk alerts to the owning team's pager",
            "Check log rotation in image tests",
        ),
    ),
    Scenario(
        "vendor",
        (
            "A payment provider outage stalled {svc}",
            "{Svc} hung while a vendor was down",
            "Waiting on a vendor took down {svc}",
        ),
        "Our payment provider slowed down, {svc} waited on it with no timeout, and {pct} of orders failed.",
        "Orders hung at the payment step and many failed.",
        "Calls to the payment provider had no timeout and exhausted the worker pool.",
        "Dependencies",
        ("vendor", "timeouts", "payments"),
        (
            "We assumed our own release was at fault and rolled back {svc}.",
            "A capacity problem seemed likely, so we added instances, which filled up too.",
        ),
        (
            "Traces showed every worker blocked in one outbound call.",
            "The provider's status page confirmed degraded performance in our region.",
        ),
        "A short timeout and a fallback queue were switched on with a flag.",
        (
            "The provider's response time rose from 300 milliseconds to over a minute.",
            "Our client used the library default, which has no timeout at all.",
            "Every worker was soon waiting on the provider, and requests that did not even need it queued behind them.",
        ),
        (
            "We switched on a five second timeout and queued failed payments for retry.",
            "Orders recovered immediately and the queue was processed when the provider recovered.",
        ),
        (
            "Set explicit timeouts on every outbound call",
            "Isolate vendor calls in their own worker pool",
            "Add a circuit breaker for the payment provider",
        ),
    ),
    Scenario(
        "cache",
        (
            "A cache flush overwhelmed {svc}",
            "{Svc} melted down after a cache restart",
            "The thundering herd that hit {svc}",
        ),
        "A routine cache restart sent every request for {svc} to the database at once, and {pct} of users saw errors until the cache refilled.",
        "Errors and very slow pages on {svc} for most users.",
        "A cold cache sent all traffic to the database, which could not keep up.",
        "Performance",
        ("cache", "redis"),
        (
            "We thought the database had failed and started a failover.",
            "A slow network link between zones looked guilty for a while.",
        ),
        (
            "Cache hit rate was near zero while database load was ten times normal.",
            "We found the maintenance job that had restarted every cache node together.",
        ),
        "Traffic was shed at the edge while the cache warmed up.",
        (
            "The maintenance job restarted all cache nodes at the same time instead of one by one.",
            "Every miss went to the database, which serves about a tenth of normal traffic on its own.",
            "Requests for the same keys were not coalesced, so one popular key caused thousands of identical queries.",
        ),
        (
            "We shed half of the traffic at the edge until the cache refilled, then removed the limit.",
            "Request coalescing shipped the following week.",
        ),
        (
            "Restart cache nodes one at a time",
            "Coalesce concurrent misses for the same key",
            "Load test {svc} with a cold cache",
        ),
    ),
    Scenario(
        "queue",
        ("A queue backlog delayed {svc} by hours", "{Svc} fell hours behind", "Messages piled up in the {svc} queue"),
        "Consumers of the {svc} queue stopped keeping up after a change, and {pct} of users saw hours of delay.",
        "Delayed updates and messages for many users.",
        "A slow consumer change cut throughput below the incoming rate.",
        "Messaging",
        ("queues", "kafka"),
        (
            "We suspected the broker and restarted it, which made the backlog worse.",
            "A traffic spike from a campaign seemed to explain the growth.",
        ),
        (
            "Consumer metrics showed throughput had halved after the last deploy.",
            "Profiling one consumer showed a new synchronous call for every message.",
        ),
        "Extra consumers were started and the slow call was made asynchronous.",
        (
            "A change added a synchronous lookup to {svc2} for every message.",
            "Each lookup took forty milliseconds, which halved the throughput of every consumer.",
            "The backlog grew for hours before anyone looked, because lag was not alerted on.",
        ),
        (
            "We scaled the consumers out and batched the lookups.",
            "The backlog drained in about two hours after the fix.",
        ),
        (
            "Alert on consumer lag in minutes, not messages",
            "Batch lookups in the consumer",
            "Document the throughput budget for {svc} consumers",
        ),
    ),
    Scenario(
        "flag",
        (
            "A feature flag showed the wrong prices",
            "{Svc} served a half-finished feature",
            "The flag that turned on too early",
        ),
        "A feature flag meant for internal users was enabled for everyone, and {pct} of users saw a broken {svc} page.",
        "A broken {svc} page with wrong data for many users.",
        "A feature flag targeting rule matched all users instead of staff.",
        "Release",
        ("feature-flags", "release"),
        ("Caching was blamed, so we purged the CDN twice.", "We thought a database migration had corrupted data."),
        (
            "Support screenshots showed a layout that only existed behind a flag.",
            "The flag audit log showed a rule change twenty minutes before the first report.",
        ),
        "The flag was turned off for everyone.",
        (
            "A targeting rule was edited to add a new staff group, and the condition was inverted.",
            "The flag tool has no review step and no preview of how many users a rule matches.",
            "The page behind the flag still read from a table that was only half migrated.",
        ),
        (
            "We switched the flag off and corrected the affected records from the audit log.",
            "The feature shipped properly two weeks later.",
        ),
        (
            "Require review for flag rules that reach all users",
            "Show the matched audience before saving a rule",
            "Add an alert on {svc} page errors by variant",
        ),
    ),
    Scenario(
        "pool",
        (
            "{Svc} ran out of database connections",
            "Connection pool exhaustion stalled {svc}",
            "{Svc} waited for connections that never came",
        ),
        "A change in {svc} held database connections across a slow external call, the pool ran dry and {pct} of requests failed.",
        "Requests to {svc} hung and timed out.",
        "Connections were held across slow calls until the pool was exhausted.",
        "Database",
        ("connections", "postgres"),
        (
            "The database looked overloaded, so we scaled it up, which did nothing.",
            "We blamed a network partition between zones.",
        ),
        (
            "Pool metrics showed every connection checked out and idle in transaction.",
            "A thread dump showed workers waiting on a call to {svc2} with a connection open.",
        ),
        "The offending code path was disabled with a flag.",
        (
            "A refactor moved a call to {svc2} inside a database transaction.",
            "When {svc2} slowed down, each request held its connection for seconds instead of milliseconds.",
            "With fifty connections per instance, the pool was empty within a minute of the slowdown.",
        ),
        (
            "We disabled the code path, then moved the call out of the transaction.",
            "Connection usage went back to a handful per instance.",
        ),
        (
            "Forbid network calls inside transactions in review",
            "Alert on pool saturation per instance",
            "Set a statement timeout for {svc}",
        ),
    ),
    Scenario(
        "clock",
        ("Clock drift broke {svc} tokens", "{Svc} rejected valid sessions", "Time ran fast on the {svc} hosts"),
        "Hosts running {svc} drifted minutes ahead after a time sync change, and {pct} of users were signed out or rejected.",
        "Users were signed out and could not sign back in.",
        "Clock drift on some hosts made valid tokens look expired.",
        "Infrastructure",
        ("ntp", "auth"),
        (
            "We thought a key rotation had gone wrong and rolled the keys back.",
            "A browser update seemed to be dropping cookies.",
        ),
        ("Errors came only from hosts in one pool.", "Comparing clocks showed those hosts four minutes ahead."),
        "Time sync was restored and the affected hosts were restarted.",
        (
            "A base image update replaced the time sync daemon with a different one that had no servers configured.",
            "Without sync, the clocks on those hosts drifted by several minutes in a week.",
            "Token validation allows thirty seconds of skew, so fresh tokens were treated as issued in the future.",
        ),
        (
            "We restored the time sync configuration and restarted the affected hosts.",
            "Sessions validated normally as soon as the clocks were corrected.",
        ),
        (
            "Alert on clock offset above one second",
            "Test time sync in the base image pipeline",
            "Allow a small, logged skew in token validation",
        ),
    ),
    Scenario(
        "migration",
        ("A schema migration locked {svc}", "{Svc} froze during a migration", "The migration that took a table lock"),
        "A schema migration on a busy {svc} table took a lock that blocked writes, and {pct} of users could not save changes.",
        "Saving failed for many users while reads kept working.",
        "A schema migration took an exclusive lock on a busy table.",
        "Database",
        ("migrations", "mysql"),
        (
            "We suspected replication lag and paused the replicas.",
            "A deadlock in application code looked plausible at first.",
        ),
        (
            "The process list showed hundreds of writes waiting on one lock.",
            "The lock belonged to a migration started by the deploy pipeline.",
        ),
        "The migration was cancelled and writes resumed.",
        (
            "The migration added a column with a default value, which rewrote the whole table under an exclusive lock.",
            "On staging the table is small and the migration finished in a second.",
            "In production the rewrite would have taken about an hour.",
        ),
        (
            "We killed the migration, then ran it again with an online schema change tool at night.",
            "Writes resumed within a minute of cancelling it.",
        ),
        (
            "Run large migrations with the online schema tool",
            "Estimate migration time on a production-sized copy",
            "Fail deploys whose migrations take table locks",
        ),
    ),
)

DETECTED = (
    "A latency alert fired for {svc} and paged the on-call engineer.",
    "Customer support raised the alarm after a wave of tickets about {svc}.",
    "An engineer testing another change noticed errors on {svc} and reported them.",
    "The error-rate alert for {svc} fired above its threshold.",
    "Synthetic checks for {svc} started failing in two regions.",
)
ESCALATED = (
    "The incident commander paged the {team} team.",
    "On-call escalated to the {team} team lead and informed the head of engineering.",
    "We paged the {team} on-call team and opened an incident bridge.",
    "The {team} team joined the incident channel at the request of on-call.",
)
RESOLVED = (
    "Error rates and latency returned to their usual levels.",
    "Monitoring showed {svc} healthy again and the incident was closed.",
    "The backlog was cleared and {svc} was back to normal.",
    "All checks for {svc} were green for thirty minutes and we stood down.",
)
UPDATES = (
    "Status page updated to say {svc} was degraded.",
    "Support posted a holding reply for customers.",
    "The incident channel was opened and roles were assigned.",
)
PADDING = (
    "Communication during the incident was good, and the status page was updated within twenty minutes.",
    "Nobody was blamed, and several people said they would have made the same call with the same information.",
    "The dashboards we needed existed, but it took a while to find them.",
    "The runbook for {svc} was out of date and pointed at a service that no longer exists.",
    "Our alert thresholds were tuned for average traffic, not for the peak.",
    "We lost time because two people investigated the same lead without knowing it.",
    "The rollback itself was quick once we were confident it was the right move.",
    "A similar near miss last year was written up but its tasks were never finished.",
    "The on-call engineer was new to {svc} and had not seen this failure before.",
    "Customers who contacted support were offered a credit where it applied.",
    "We were lucky the incident happened on a weekday, when the right people were online.",
    "The {team} team has since walked the rest of engineering through what happened.",
    "Traffic from {region} was hit hardest because most of our users there are active at that hour.",
    "Logs were sampled at one percent, which hid the errors for the first few minutes.",
    "The change had passed review and every automated check, which is why it deserves a systemic fix.",
    "Mobile clients retried aggressively and added load while the service was already struggling.",
    "Two dashboards disagreed about the error rate, and we spent ten minutes working out which one to trust.",
    "The incident bridge stayed calm, and the commander kept a written log that made this timeline easy to rebuild.",
    "Our status page said everything was fine for the first half hour, because it only watches the front door.",
    "The team that owns {svc2} helped even though their service was not at fault.",
    "Rolling back would have been safe at any point, but nobody was sure of that at the time.",
    "Nobody had exercised this failure in a game day, so every step was improvised.",
    "Some customers noticed before we did and said so on social media.",
    "A previous incident in {region} had similar symptoms, which sent us down the wrong path for a while.",
)
MEASURES = (
    "The fix is in place, but the conditions that allowed this are still there for other services.",
    "We want the next failure of this kind to page a team within minutes, not wait for customers.",
    "Most of the time to repair went on diagnosis, so better signals matter more than faster hands.",
    "Each task below has an owner and a date, and we will review them at the weekly reliability meeting.",
)
GENERIC_TASKS = (
    "Update the {svc} runbook with this failure mode",
    "Add a dashboard panel for {svc} saturation",
    "Review alert routing for the {team} team",
    "Share this postmortem at the engineering all-hands",
)


@dataclass
class Context:
    """The random facts of one incident, shared by every sentence about it."""

    rng: random.Random
    scenario: Scenario
    services: list[str]
    team: str
    region: str
    pct: str
    zone: str
    tz: tzinfo
    start: datetime
    end: datetime
    detected: datetime
    values: dict[str, str] = field(default_factory=dict)

    def fill(self, template: str) -> str:
        return template.format(**self.values)


def count_words(text: str) -> int:
    """Roughly the validator's count: inline code is not prose."""
    return len(WORD.findall(re.sub(r"`[^`]*`", " ", text)))


def zone_of(name: str) -> tzinfo:
    """IANA names through zoneinfo, `+05:30` style offsets as fixed zones."""
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", name)
    if match is None:
        return ZoneInfo(name)
    delta = timedelta(hours=int(match[2]), minutes=int(match[3]))
    return timezone(delta if match[1] == "+" else -delta)


def duration_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + (
        [f"{rest} minute{'s' if rest != 1 else ''}"] if rest else []
    )
    return " ".join(parts)


def make_context(rng: random.Random) -> Context:
    """Pick when, where and what; no incident spans a change of the clocks (wall-time arithmetic below)."""
    scenario = rng.choice(SCENARIOS)
    services = rng.sample(SERVICES, rng.randint(1, 3))
    zone = rng.choice(ZONES)
    tz = zone_of(zone)
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    hour, minute, minutes = rng.choice([0, *range(4, 24)]), rng.randrange(60), rng.randint(35, 540)
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    while start.utcoffset() != (start + timedelta(days=1)).utcoffset():  # no incident across a DST change
        day += timedelta(days=7)
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    end = start + timedelta(minutes=minutes)
    detected = start + timedelta(minutes=rng.randint(1, min(30, int((end - start).total_seconds() // 300))))
    pct = f"{rng.randint(1, 95)}%" if rng.random() < 0.8 else f"{rng.randint(1, 60)}.{rng.randint(1, 9)}%"
    ctx = Context(rng, scenario, services, rng.choice(TEAMS), rng.choice(REGIONS), pct, zone, tz, start, end, detected)
    svc2 = rng.choice([s for s in SERVICES if s not in services])
    dur = duration_text(end - start)
    ctx.values = {
        "svc": services[0],
        "Svc": services[0][0].upper() + services[0][1:],
        "svc2": svc2,
        "team": ctx.team,
        "region": ctx.region,
        "pct": pct,
        "dur_short": " ".join(dur.split(" ")[:2]),
    }
    return ctx


def real_local(ctx: Context, when: datetime) -> datetime:
    """The wall clock at `when`: aware arithmetic in one zone adds wall time, which can land in a DST gap."""
    return when.astimezone(UTC).astimezone(ctx.tz)


def clock(ctx: Context, when: datetime, previous: datetime | None) -> str:
    """A timeline time as writers type it: zone and date only where needed or by habit."""
    local, anchor = real_local(ctx, when), real_local(ctx, previous or ctx.start)
    text = local.strftime("%H:%M")
    if previous is None and local.date() != anchor.date():
        text = local.strftime("%Y-%m-%d %H:%M")
    if ctx.zone == "UTC" or ctx.rng.random() < 0.3:
        text += f" {ctx.zone}"
    return text


def entry_prose(line: str) -> str:
    """A bullet's words without its time and tag, as the validator counts them."""
    return re.sub(r"^\[\w+\] ", "", line.split(" - ", 2)[-1])


def timeline(ctx: Context) -> list[str]:
    """6-10 bullets, oldest first, every required tag once, within start and end."""
    events: list[tuple[str | None, str]] = [
        ("detected", ctx.rng.choice(DETECTED)),
        ("action", ctx.scenario.actions[0]),
        ("misleading", ctx.rng.choice(ctx.scenario.misleading)),
    ]
    if ctx.rng.random() < 0.6:
        events.append((None, ctx.rng.choice(UPDATES)))
    events.append(("escalated", ctx.rng.choice(ESCALATED)))
    if ctx.rng.random() < 0.35:
        events.append((None, "Customers were told on the status page that a fix was in progress."))
    events.append(("action", ctx.scenario.actions[1]))
    if ctx.rng.random() < 0.7:
        events.append(("mitigated", ctx.scenario.mitigated))
    events.append(("resolved", ctx.rng.choice(RESOLVED)))
    span = int((ctx.end - ctx.detected).total_seconds() // 60)
    offsets = sorted(ctx.rng.sample(range(1, span), len(events) - 2))
    times = [ctx.detected] + [ctx.detected + timedelta(minutes=m) for m in offsets] + [ctx.end]
    if ctx.rng.random() < 0.5 or len(events) < 6:
        events.insert(0, (None, "The first errors appeared on {svc}."))
        times.insert(0, ctx.start)
    lines: list[str] = []
    previous: datetime | None = None
    for (tag, text), when in zip(events, times, strict=True):
        label = f"[{tag}] " if tag else ""
        lines.append(f"- {clock(ctx, when, previous)} - {label}{ctx.fill(text)}")
        previous = when
    return lines


def tasks(ctx: Context) -> list[str]:
    pool = [*ctx.scenario.tasks, *ctx.rng.sample(GENERIC_TASKS, 2)]
    chosen = ctx.rng.sample(pool, ctx.rng.randint(2, 5))
    due = ctx.end.date()
    lines = []
    for text in chosen:
        due += timedelta(days=ctx.rng.randint(3, 30))
        mark = "x" if ctx.rng.random() < 0.3 else " "
        owner = f" @{ctx.rng.choice(OWNERS)}" if ctx.rng.random() < 0.9 else ""
        when = f" due:{due.isoformat()}" if ctx.rng.random() < 0.8 else ""
        lines.append(f"- [{mark}] {ctx.fill(text)}{owner}{when}")
    return lines


def summary_paragraph(ctx: Context) -> str:
    start, end = ctx.start.astimezone(ctx.tz), ctx.end.astimezone(ctx.tz)
    day = f"{start.day} {start.strftime('%B %Y')}"
    where = ctx.fill(ctx.scenario.summary)
    return (
        f"On {day}, from {start:%H:%M} to {end:%H:%M} {ctx.zone} ({duration_text(ctx.end - ctx.start)}), {ctx.services[0]} was degraded for our users. "
        f"{where} The root cause was this: {ctx.fill(ctx.scenario.root_cause)[0].lower()}{ctx.fill(ctx.scenario.root_cause)[1:]}"
    )


def body(ctx: Context) -> str:
    """The four sections, then padding sentences until the prose is inside the word range."""
    cause = " ".join(ctx.fill(s) for s in ctx.scenario.cause)
    fix = " ".join(ctx.fill(s) for s in ctx.scenario.fix)
    measures = " ".join(ctx.fill(s) for s in ctx.rng.sample(MEASURES, 2))
    lines, todo = timeline(ctx), tasks(ctx)
    code = f"\n```text\n{ctx.scenario.code}\n```\n" if ctx.scenario.code and ctx.rng.random() < 0.6 else ""
    fixed = [
        summary_paragraph(ctx),
        *map(entry_prose, lines),
        cause,
        fix,
        measures,
        *(task[len("- [ ] ") :] for task in todo),
    ]
    target = ctx.rng.randint(WORDS_LOW, WORDS_HIGH)
    padding = ctx.rng.sample(PADDING, len(PADDING))
    lessons: list[str] = []
    while padding and sum(map(count_words, fixed + lessons)) + count_words(ctx.fill(padding[-1])) <= target:
        lessons.append(ctx.fill(padding.pop()))
    words = sum(map(count_words, fixed + lessons))
    if not 400 < words < 600:
        raise ValueError(f"generated {words} words, outside 400-600: the text banks need more padding")
    half = len(lessons) // 2
    extra = f"\n## Lessons learned\n\n{' '.join(lessons[half:])}\n" if lessons[half:] and ctx.rng.random() < 0.5 else ""
    cause_more = " ".join(lessons[half:]) if not extra else ""
    return (
        f"## Issue Summary\n\n{summary_paragraph(ctx)}\n\n<!-- more -->\n\n{' '.join(lessons[:half])}\n\n"
        f"## Timeline\n\n" + "\n".join(lines) + "\n\n"
        f"## Root Cause and Resolution\n\n{cause}\n{code}\n{fix} {cause_more}\n\n"
        f"## Corrective and Preventative Measures\n\n{measures}\n\n" + "\n".join(todo) + "\n" + extra
    )


def scalar(text: str) -> str:
    """A YAML scalar that stays plain when it safely can, as a person would write it."""
    return text if re.fullmatch(r"[A-Za-z0-9][^:#\[\]{}\"'\n]*", text) and not text.endswith(" ") else json.dumps(text)


def stamp(ctx: Context, when: datetime) -> str:
    local = real_local(ctx, when)
    if ctx.zone == "UTC" and ctx.rng.random() < 0.3:
        return local.strftime("%Y-%m-%dT%H:%M:00Z")
    if ctx.zone.startswith(("+", "-")) and ctx.rng.random() < 0.5:
        return local.strftime("%Y-%m-%dT%H:%M") + ctx.zone
    return f"{local:%Y-%m-%d %H:%M} {ctx.zone}"


def front_matter(ctx: Context, title: str) -> str:
    rng = ctx.rng
    severity = rng.choices([k for k, _ in SEVERITIES], [w for _, w in SEVERITIES])[0]
    published = ctx.end.astimezone(ctx.tz).date() + timedelta(days=rng.randint(1, 10))
    summary = textwrap.fill(ctx.fill(ctx.scenario.summary), 88, initial_indent="  ", subsequent_indent="  ")
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        f"date: {published.isoformat()}",
        f"severity: {severity if rng.random() < 0.9 else severity.lower()}",
        f"summary: >-\n{summary}",
        f"start: {stamp(ctx, ctx.start)}",
        f"end: {stamp(ctx, ctx.end)}",
        f"detected: {stamp(ctx, ctx.detected)}",
        f"services: [{', '.join(ctx.services)}]",
        f"users_affected: {ctx.pct}",
        f"impact: {scalar(ctx.fill(ctx.scenario.impact))}",
        f"root_cause: {scalar(ctx.fill(ctx.scenario.root_cause))}",
        f"authors: [{', '.join(rng.sample(AUTHORS, rng.randint(1, 2)))}]",
        f"reviewers: [{', '.join(rng.sample(REVIEWERS, rng.randint(0, 2)))}]",
        f"categories: [{ctx.scenario.category}]",
        f"tags: [{', '.join([*ctx.scenario.tags, ctx.services[0].replace(' ', '-')])}]",
    ]
    if rng.random() < 0.3:
        lines.append(f"ticket: INC-{rng.randint(1000, 9999)}")
    return "\n".join([*lines, "---", ""])


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].rstrip("-")


@dataclass(frozen=True)
class Post:
    relative: str  # under the blog's post_dir
    text: str


def post(seed: int, index: int, taken: set[str]) -> Post:
    """Post `index` of the corpus; `taken` keeps file names (and so URLs) unique."""
    ctx = make_context(random.Random(f"{seed}-{index}"))
    title = ctx.fill(ctx.rng.choice(ctx.scenario.titles))
    stem = f"{ctx.start.astimezone(ctx.tz).date().isoformat()}-{slugify(title)}"
    while stem in taken:
        stem += "-b"
    taken.add(stem)
    text = front_matter(ctx, title) + "\n" + body(ctx)
    return Post(f"{stem[:4]}/{stem}.md", text)


def generate(post_dir: Path, count: int, seed: int) -> list[Path]:
    """Write `count` postmortems under post_dir/<year>/, the way the examples are laid out."""
    taken: set[str] = set()
    paths = []
    for index in range(count):
        item = post(seed, index, taken)
        path = post_dir / item.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.text, encoding="utf-8")
        paths.append(path)
    return paths
