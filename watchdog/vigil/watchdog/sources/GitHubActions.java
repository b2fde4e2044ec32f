package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.Definition;

/**
 * GitHub Actions through the REST API, version 2022-11-28 (docs.github.com/rest/actions/workflow-runs,
 * "List workflow runs for a workflow"): {@code GET
 * /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?per_page=100&page=N}, where {@code
 * workflow_id} may be the workflow's file name. The ref is {@code owner/repo/path-of-the-file}
 * ({@code acme/reports/.github/workflows/nightly.yml}); GitHub reads workflows only directly
 * under {@code .github/workflows}, so the file name alone names the workflow. Runs come newest
 * first, paged by the {@code Link} header's {@code rel="next"}; run ids grow, so the watermark is
 * an id: below the oldest run not yet {@code completed}, else the newest seen.
 *
 * <p>Rate limits (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api): a token
 * has {@link #HOURLY_LIMIT} requests an hour; every answer says in {@code x-ratelimit-remaining}
 * how many are left and in {@code x-ratelimit-reset} (UTC epoch seconds) when the window starts
 * again. Once an answer says none are left, this adapter sends nothing more before that time: the
 * docs warn that requests sent while limited may get the integration banned. A refused request
 * (403 or 429 with {@code x-ratelimit-remaining: 0} or {@code retry-after}) is {@link
 * PlatformHttp}'s to tell apart from a refused token.
 *
 * <p>Definitions ({@link #definitions}) are read from the configured repositories' workflow files
 * ({@link GitHubDefinitions} reads each file).
 */
public final class GitHubActions implements Platform {
    static final int PAGE = 100;

    /** Requests an hour GitHub allows a personal access token or a GitHub App installation. */
    public static final int HOURLY_LIMIT = 5000;

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"([^\"]*)\"");

    /** The media type "Get repository content" answers a file's bytes in, rather than JSON with base64. */
    static final String RAW = "application/vnd.github.raw+json";

    private final PlatformHttp http;
    private final Clock clock;
    private final List<String> repos;
    private volatile Integer limit;
    private volatile Integer remaining;
    private volatile Instant reset;

    /** @param http to {@code https://api.github.com} or a GHES {@code https://host/api/v3} */
    public GitHubActions(PlatformHttp http, Clock clock) {
        this(http, clock, List.of());
    }

    /**
     * @param http to {@code https://api.github.com} or a GHES {@code https://host/api/v3}
     * @param repos the repositories ({@code owner/name}) whose workflows {@link #definitions} reads
     */
    public GitHubActions(PlatformHttp http, Clock clock, List<String> repos) {
        this.http = http;
        this.clock = clock;
        this.repos = repos == null ? List.of() : List.copyOf(repos);
    }

    /** The headers the REST API asks for: the token as a bearer, its media type and version. */
    public static Map<String, String> headers(String token) {
        return Map.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28");
    }

    /**
     * Requests an hour that polling {@code workflows} workflows every {@code poll} costs at least
     * (one page each); more than {@link #limit()} and the poll interval cannot be met.
     */
    public static long requestsPerHour(Duration poll, int workflows) {
        long seconds = Math.max(1, poll.toSeconds());
        return workflows * ((3600 + seconds - 1) / seconds);
    }

    /** The hourly limit the last answer named ({@code x-ratelimit-limit}), else {@link #HOURLY_LIMIT}. */
    public int limit() {
        Integer l = limit;
        return l == null ? HOURLY_LIMIT : l;
    }

    /** Requests left in the current window, as the last answer said; empty before any. */
    public OptionalInt remaining() {
        Integer r = remaining;
        return r == null ? OptionalInt.empty() : OptionalInt.of(r);
    }

    /** When the current window ends, as the last answer said; empty before any. */
    public Optional<Instant> reset() {
        return Optional.ofNullable(reset);
    }

    @Override
    public int requests() {
        return http.requests();
    }

    @Override
    public int hourlyLimit() {
        return limit();
    }

    @Override
    public Pull pull(String ref, String watermark) throws SourceException {
        String path = path(ref);
        IdWatermark mark = new IdWatermark(watermark);
        List<PulledRun> runs = new ArrayList<>();
        int page = 1;
        String next = path + "&page=1";
        while (next != null) {
            PlatformHttp.Answer answer = send(next, null);
            JsonNode list = answer.json().path("workflow_runs");
            if (!list.isArray()) {
                throw new SourceException(
                        SourceException.Kind.MALFORMED, "GitHub answered without a 'workflow_runs' list");
            }
            boolean older = false;
            for (JsonNode r : list) {
                long id = id(r);
                if (!mark.isNew(id)) {
                    older = true;
                    break;
                }
                PulledRun run = run(r);
                mark.seen(id, run);
                if (run != null) {
                    runs.add(run);
                }
            }
            page++;
            next = older || list.isEmpty() ? null : next(answer, path, page);
        }
        return new Pull(runs, mark.next());
    }

    /**
     * The workflows of each configured repository, each read from its file. GitHub's "List
     * repository workflows" ({@code GET /repos/{owner}/{repo}/actions/workflows?per_page=100},
     * docs.github.com/rest/actions/workflows) names them (id, name, path, state), paged by the
     * {@code Link} header as runs are; "Get repository content" ({@code GET
     * /repos/{owner}/{repo}/contents/{path}}, docs.github.com/rest/repos/contents) in the raw media
     * type gives each file as it is on the default branch, the version GitHub's schedule runs. The
     * ref is {@code owner/repo/path}, as {@link #pull} reads it; paused is any state but {@code
     * active} (disabled by hand, for inactivity, in a fork).
     *
     * <p>Left out: workflows in state {@code deleted} (GitHub keeps listing them after their file
     * is gone; nothing runs them) and paths outside {@code .github/workflows/} — GitHub's own
     * "dynamic" workflows ({@code dynamic/github-code-scanning/codeql}, Dependabot's) have no file
     * to read, and their runs cannot be pulled by a file name. A file GitHub lists but does not
     * find (404) is a definition with that problem; any other refusal is the source's own.
     *
     * <p>Cost, against {@link #HOURLY_LIMIT}: per repository one request per 100 workflows listed
     * and one per workflow file — a repository of 12 workflows costs 13 requests.
     */
    @Override
    public List<Definition> definitions(String source) throws SourceException {
        List<Definition> definitions = new ArrayList<>();
        for (String repo : repos) {
            for (JsonNode workflow : workflows(repo)) {
                String path = workflow.path("path").asText("");
                String state = workflow.path("state").asText("");
                if (state.equals("deleted") || !path.startsWith(".github/workflows/")) {
                    continue;
                }
                String ref = repo + "/" + path;
                String name = workflow.path("name").asText(path);
                boolean paused = !state.equals("active");
                String text;
                try {
                    text = send(contents(repo, path), RAW).response().body();
                } catch (SourceException e) {
                    if (e.kind() != SourceException.Kind.NOT_FOUND) {
                        throw e;
                    }
                    definitions.add(GitHubDefinitions.unread(
                            source,
                            ref,
                            name,
                            paused,
                            "GitHub lists the workflow but has no file " + path + " on the default branch (HTTP 404)"));
                    continue;
                }
                definitions.add(GitHubDefinitions.read(source, ref, name, paused, path, text));
            }
        }
        return definitions;
    }

    /** Every workflow GitHub lists for {@code owner/name}, page after page. */
    private List<JsonNode> workflows(String repo) throws SourceException {
        String[] parts = repo.split("/");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new SourceException(
                    SourceException.Kind.NOT_FOUND, "a GitHub repository is owner/name, found '" + repo + "'");
        }
        String path = "/repos/" + segment(parts[0]) + "/" + segment(parts[1]) + "/actions/workflows?per_page=" + PAGE;
        List<JsonNode> workflows = new ArrayList<>();
        int page = 1;
        String next = path + "&page=1";
        while (next != null) {
            PlatformHttp.Answer answer;
            try {
                answer = send(next, null);
            } catch (SourceException e) {
                if (e.kind() != SourceException.Kind.NOT_FOUND) {
                    throw e;
                }
                throw new SourceException(
                        SourceException.Kind.NOT_FOUND,
                        "GitHub at " + http.url() + " has no repository " + repo
                                + " that Vigil's token can see (HTTP 404)");
            }
            JsonNode list = answer.json().path("workflows");
            if (!list.isArray()) {
                throw new SourceException(SourceException.Kind.MALFORMED, "GitHub answered without a 'workflows' list");
            }
            list.forEach(workflows::add);
            page++;
            next = list.isEmpty() ? null : next(answer, path, page);
        }
        return workflows;
    }

    /** "Get repository content" of one file: each segment of its path encoded, the slashes kept. */
    private static String contents(String repo, String path) {
        StringBuilder b = new StringBuilder("/repos/");
        for (String part : repo.split("/")) {
            b.append(segment(part)).append('/');
        }
        b.append("contents");
        for (String part : path.split("/")) {
            b.append('/').append(segment(part));
        }
        return b.toString();
    }

    /**
     * One request, refused unsent while the rate limit says none are left, and its answer's rate
     * limit remembered. {@code text}: the media type of a text answer, or null for JSON.
     */
    private PlatformHttp.Answer send(String path, String text) throws SourceException {
        refuseWhileLimited();
        PlatformHttp.Answer answer = text == null ? http.get(path) : http.getText(path, text);
        pace(answer);
        return answer;
    }

    /** {@code owner/repo/.github/workflows/x.yml} → the list's path, without its page. */
    private static String path(String ref) throws SourceException {
        String[] parts = ref == null ? new String[0] : ref.split("/");
        if (parts.length < 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[parts.length - 1].isEmpty()) {
            throw new SourceException(
                    SourceException.Kind.NOT_FOUND,
                    "a GitHub ref is owner/repo/path-of-the-workflow-file, found '" + ref + "'");
        }
        return "/repos/" + segment(parts[0]) + "/" + segment(parts[1]) + "/actions/workflows/"
                + segment(parts[parts.length - 1]) + "/runs?per_page=" + PAGE;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The next page, if the {@code Link} header names one: its address when it lies under the
     * configured one, else the same list with the next page number — the token goes to no other
     * host than the one configured.
     */
    private String next(PlatformHttp.Answer answer, String path, int page) {
        Optional<String> link = answer.header("link");
        if (link.isEmpty()) {
            return null;
        }
        Matcher m = LINK.matcher(link.get());
        while (m.find()) {
            if (List.of(m.group(2).trim().split("\\s+")).contains("next")) {
                String url = m.group(1);
                return url.startsWith(http.url() + "/")
                        ? url.substring(http.url().length())
                        : path + "&page=" + page;
            }
        }
        return null;
    }

    /** Remembers what the answer says of the rate limit. */
    private void pace(PlatformHttp.Answer answer) {
        integer(answer.header("x-ratelimit-limit")).ifPresent(l -> limit = l);
        integer(answer.header("x-ratelimit-remaining")).ifPresent(r -> remaining = r);
        integer(answer.header("x-ratelimit-reset")).ifPresent(s -> reset = Instant.ofEpochSecond(s));
    }

    private void refuseWhileLimited() throws SourceException {
        Integer r = remaining;
        Instant until = reset;
        if (r != null && r <= 0 && (until == null || clock.instant().isBefore(until))) {
            throw new SourceException(
                    SourceException.Kind.RATE_LIMITED,
                    "GitHub at " + http.url() + " allows Vigil's token no more requests"
                            + (until == null ? " in this hour" : " until " + until)
                            + " (" + limit() + " an hour); the rest of this poll waits for the next");
        }
    }

    private static Optional<Integer> integer(Optional<String> header) {
        try {
            return header.map(String::trim).map(Integer::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long id(JsonNode run) throws SourceException {
        JsonNode id = run.path("id");
        if (!id.isIntegralNumber()) {
            throw new SourceException(SourceException.Kind.MALFORMED, "GitHub gave a run id that is not a number");
        }
        return id.asLong();
    }

    /**
     * A workflow run as a run. The REST reference gives a run's {@code status} as a check suite's
     * (queued, in_progress, completed, and, set only by GitHub Actions, waiting, requested,
     * pending) and a {@code conclusion} once completed:
     *
     * <ul>
     *   <li>not completed → a start: queued, requested and pending runs wait for a runner or a
     *       concurrency group, waiting ones for an environment's reviewers; all will still end.
     *   <li>success → success; neutral → success: it ran and reported no failure, and GitHub
     *       itself lets it pass ("About protected branches": required status checks must have a
     *       successful, skipped, or neutral status).
     *   <li>failure, timed_out (a job hit its {@code timeout-minutes}), startup_failure (GitHub
     *       refused the workflow file before any job ran: the scheduled work was not done), stale
     *       (only GitHub sets it, on a run that never completed) → failed.
     *   <li>action_required → failed: the run did not do its work and waits on a person; for a
     *       scheduled workflow that is a failure to report, not a start to wait for.
     *   <li>cancelled → failed when it had started ({@code run_started_at}); cancelled before it
     *       started is no run (null), like skipped: a job skipped by its {@code if:} did not run.
     *   <li>any other conclusion → failed, with GitHub's word.
     * </ul>
     *
     * Started is {@code run_started_at} (the latest attempt's start), else {@code created_at};
     * finished is {@code updated_at}, the last change of a completed run.
     */
    static PulledRun run(JsonNode r) throws SourceException {
        String id = r.path("id").asText();
        String status = r.path("status").asText("");
        String conclusion = r.hasNonNull("conclusion") ? r.get("conclusion").asText() : null;
        Instant runStarted = IdWatermark.instant("GitHub", r.path("run_started_at"));
        Instant started = runStarted != null ? runStarted : IdWatermark.instant("GitHub", r.path("created_at"));
        boolean completed = status.equals("completed") || (status.isEmpty() && conclusion != null);
        if (!completed) {
            return new PulledRun(id, PulledRun.STARTED, started, null, null);
        }
        Instant finished = IdWatermark.instant("GitHub", r.path("updated_at"));
        String word = conclusion == null ? "completed without a conclusion" : conclusion;
        return switch (word) {
            case "success", "neutral" -> new PulledRun(id, PulledRun.SUCCESS, started, finished, null);
            case "skipped" -> null;
            case "cancelled" ->
                runStarted == null ? null : new PulledRun(id, PulledRun.FAIL, started, finished, failure(word, r));
            default -> new PulledRun(id, PulledRun.FAIL, started, finished, failure(word, r));
        };
    }

    /** "GitHub Actions failure: Nightly reports #412 https://github.com/…": the word, then the run. */
    private static String failure(String word, JsonNode r) {
        StringBuilder b = new StringBuilder("GitHub Actions ").append(word).append(':');
        String name = r.path("name").asText("");
        b.append(' ').append(name.isEmpty() ? r.path("path").asText("workflow") : name);
        if (r.hasNonNull("run_number")) {
            b.append(" #").append(r.get("run_number").asText());
        }
        if (r.path("run_attempt").asInt(1) > 1) {
            b.append(" (attempt ").append(r.get("run_attempt").asInt()).append(')');
        }
        if (r.hasNonNull("html_url")) {
            b.append(' ').append(r.get("html_url").asText());
        }
        return b.toString();
    }
}
