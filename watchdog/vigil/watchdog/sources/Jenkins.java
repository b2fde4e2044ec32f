package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import vigil.inventory.Definition;

/**
 * Jenkins' remote access API (www.jenkins.io/doc/book/using/remote-access-api, and a job's own
 * {@code …/api/} page): {@code GET /job/A/job/B/api/json?tree=allBuilds[…]{M,N}}, newest first,
 * authenticated by HTTP Basic with a user's API token. {@code allBuilds} is read rather than
 * {@code builds}, which Jenkins cuts at the newest 100 ({@code Job.getNewBuilds}); a range {@code
 * {M,N}} is the M-th build (inclusive) to the N-th (exclusive), and past the end an empty list.
 * Build numbers grow, so the watermark is a number: below the oldest build still building, else
 * the newest seen.
 */
public final class Jenkins implements Platform {
    static final int PAGE = 100;

    static final String FIELDS = "number,result,building,inProgress,timestamp,duration,url,displayName";

    private final PlatformHttp http;
    private final boolean unstableSucceeds;

    /**
     * @param http to the Jenkins server, authenticating with {@link #headers}
     * @param unstableSucceeds the source's {@code unstable: success}: an UNSTABLE build counts as a
     *     success rather than a failure
     */
    public Jenkins(PlatformHttp http, boolean unstableSucceeds) {
        this.http = http;
        this.unstableSucceeds = unstableSucceeds;
    }

    /** HTTP Basic with a user and one of their API tokens, as Jenkins' remote API takes them. */
    public static Map<String, String> headers(String username, String token) {
        String pair = (username == null ? "" : username) + ":" + token;
        return Map.of(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The job's address from its full name ({@code billing/nightly-invoices} →
     * {@code /job/billing/job/nightly-invoices}), each name percent-encoded as Jenkins does.
     */
    static String path(String ref) throws SourceException {
        StringBuilder b = new StringBuilder();
        for (String name : ref.split("/")) {
            if (!name.isEmpty()) {
                b.append("/job/")
                        .append(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        if (b.isEmpty()) {
            throw new SourceException(SourceException.Kind.NOT_FOUND, "'" + ref + "' names no Jenkins job");
        }
        return b.toString();
    }

    @Override
    public int requests() {
        return http.requests();
    }

    /**
     * Every job on the server, through its folders, with its timer schedules, whether it is
     * disabled, the credentials its config names and where it mails failures: see {@link
     * JenkinsDefinitions} (one listing, then each job's config.xml).
     */
    @Override
    public List<Definition> definitions(String source) throws SourceException {
        return new JenkinsDefinitions(http).all(source);
    }

    @Override
    public Pull pull(String ref, String watermark) throws SourceException {
        IdWatermark mark = new IdWatermark(watermark);
        String path = path(ref);
        List<PulledRun> runs = new ArrayList<>();
        long lowest = Long.MAX_VALUE;
        int from = 0;
        boolean more;
        do {
            String tree = "allBuilds[" + FIELDS + "]{" + from + "," + (from + PAGE) + "}";
            JsonNode page = http.get(path + "/api/json?tree=" + URLEncoder.encode(tree, StandardCharsets.UTF_8))
                    .json();
            JsonNode builds = page.path("allBuilds");
            if (page.isObject() && builds.isMissingNode()) {
                throw new SourceException(SourceException.Kind.NOT_FOUND, folder(ref, page));
            }
            if (!builds.isArray()) {
                throw new SourceException(
                        SourceException.Kind.MALFORMED, "Jenkins answered without an 'allBuilds' list");
            }
            boolean older = false;
            for (JsonNode build : builds) {
                long number = number(build);
                if (!mark.isNew(number)) {
                    older = true;
                    break;
                }
                if (number >= lowest) {
                    continue; // a build started between two pages shifts the list: seen already
                }
                lowest = number;
                PulledRun run = run(ref, build, unstableSucceeds);
                mark.seen(number, run);
                if (run != null) {
                    runs.add(run);
                }
            }
            more = !older && builds.size() == PAGE;
            from += PAGE;
        } while (more);
        return new Pull(runs, mark.next());
    }

    /** A folder, an organization folder or a multibranch project has jobs, not builds. */
    private static String folder(String ref, JsonNode page) {
        String kind = page.path("_class").asText("");
        return "Jenkins: '" + ref + "' names a folder or a multibranch project"
                + (kind.isEmpty() ? "" : " (" + kind + ")")
                + ", not a job with builds; name a job inside it (for a multibranch project a branch, e.g. '"
                + ref + "/main')";
    }

    private static long number(JsonNode build) throws SourceException {
        if (!build.path("number").isIntegralNumber()) {
            throw new SourceException(SourceException.Kind.MALFORMED, "Jenkins gave a build without a number");
        }
        return build.get("number").asLong();
    }

    /**
     * A build as a run: still {@code building} (its result may already be set, and can still get
     * worse) or without a result → a start; SUCCESS → success; FAILURE, ABORTED → fail; UNSTABLE →
     * fail, or success when the source says so; NOT_BUILT → no run (null). Any other word is a
     * failure. Started at {@code timestamp}, finished {@code duration} later (both milliseconds).
     */
    static PulledRun run(String job, JsonNode b, boolean unstableSucceeds) throws SourceException {
        // build numbers count from 1 in every job: the job's name makes them one per server
        String id = PulledRun.scoped(job, Long.toString(number(b)));
        if (!b.path("timestamp").isIntegralNumber()) {
            throw new SourceException(SourceException.Kind.MALFORMED, "Jenkins gave build #" + id + " no timestamp");
        }
        Instant started = Instant.ofEpochMilli(b.get("timestamp").asLong());
        String result = b.path("result").asText("");
        if (b.path("building").asBoolean(false) || result.isEmpty()) {
            return new PulledRun(id, PulledRun.STARTED, started, null, null);
        }
        Instant finished = started.plusMillis(b.path("duration").asLong(0));
        return switch (result) {
            case "SUCCESS" -> new PulledRun(id, PulledRun.SUCCESS, started, finished, null);
            case "UNSTABLE" ->
                unstableSucceeds
                        ? new PulledRun(id, PulledRun.SUCCESS, started, finished, null)
                        : new PulledRun(id, PulledRun.FAIL, started, finished, failure(result, b));
            case "NOT_BUILT" -> null;
            default -> new PulledRun(id, PulledRun.FAIL, started, finished, failure(result, b));
        };
    }

    /** "Jenkins FAILURE: build #42 https://ci.example.com/job/billing/job/nightly-invoices/42/". */
    private static String failure(String result, JsonNode b) {
        StringBuilder s = new StringBuilder("Jenkins ")
                .append(result)
                .append(": build #")
                .append(b.get("number").asLong());
        String name = b.path("displayName").asText("");
        if (!name.isEmpty() && !name.equals("#" + b.get("number").asLong())) {
            s.append(" (").append(name).append(')');
        }
        if (b.hasNonNull("url")) {
            s.append(' ').append(b.get("url").asText());
        }
        return s.toString();
    }
}
