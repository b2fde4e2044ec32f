package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import vigil.inventory.Definition;

/**
 * Every job of a Jenkins server as a {@link Definition}: the jobs are listed through the folders
 * with the remote API's {@code tree} ({@code GET /api/json?tree=jobs[name,displayName,jobs[…]]},
 * {@link #LEVELS} levels at once, and once more from each folder that deep which holds items),
 * then each job's {@code GET …/config.xml} is read by {@link JenkinsJobConfig} and its timer specs
 * by {@link JenkinsCron}. An item that lists {@code jobs} is a folder (a Folder, an organization
 * folder, a multibranch project) and is walked, not read; the branches of a multibranch project
 * are jobs. Requests per call: one listing, one per folder nested deeper than {@link #LEVELS}
 * with items, and one per job.
 *
 * <p>ref is the job's full name ({@code billing/nightly-invoices}) as the run pulling names it,
 * name its display names joined by {@code " » "} as Jenkins shows them, paused its {@code
 * disabled}. Jenkins names no owner. A config.xml Jenkins refuses (HTTP 403: Vigil's user lacks
 * Job/ExtendedRead on that job — the listing just now took its credentials) or no longer has (404)
 * is a problem on that job.
 */
final class JenkinsDefinitions {
    /** Folder levels listed by one request. */
    static final int LEVELS = 3;

    /** {@code jobs[name,displayName,jobs[…jobs[name]]]}: the innermost names only tell whether a folder holds items. */
    static final String TREE = tree(LEVELS);

    private final PlatformHttp http;

    JenkinsDefinitions(PlatformHttp http) {
        this.http = http;
    }

    private static String tree(int levels) {
        return levels == 0 ? "jobs[name]" : "jobs[name,displayName," + tree(levels - 1) + "]";
    }

    /** A job found in the listing: its full name and the display name Jenkins shows for it. */
    record Job(String fullName, String shown) {}

    List<Definition> all(String source) throws SourceException {
        List<Job> jobs = new ArrayList<>();
        list("", "", "", jobs);
        List<Definition> definitions = new ArrayList<>();
        for (Job job : jobs) {
            definitions.add(definition(source, job));
        }
        return definitions;
    }

    /** The items of the folder at {@code path} ("" for the root), {@link #LEVELS} levels deep. */
    private void list(String path, String prefix, String shown, List<Job> jobs) throws SourceException {
        JsonNode root = http.get(path + "/api/json?tree=" + URLEncoder.encode(TREE, StandardCharsets.UTF_8))
                .json();
        if (!root.path("jobs").isArray()) {
            throw new SourceException(SourceException.Kind.MALFORMED, "Jenkins answered without a 'jobs' list");
        }
        walk(root.get("jobs"), prefix, shown, 1, jobs);
    }

    private void walk(JsonNode items, String prefix, String shown, int level, List<Job> jobs) throws SourceException {
        for (JsonNode item : items) {
            String name = item.path("name").asText("");
            if (name.isEmpty()) {
                throw new SourceException(SourceException.Kind.MALFORMED, "Jenkins listed an item without a name");
            }
            String full = prefix + name;
            String display = shown + item.path("displayName").asText(name);
            JsonNode children = item.path("jobs");
            if (!children.isArray()) {
                jobs.add(new Job(full, display));
            } else if (level < LEVELS) {
                walk(children, full + "/", display + " » ", level + 1, jobs);
            } else if (!children.isEmpty()) {
                list(Jenkins.path(full), full + "/", display + " » ", jobs);
            }
        }
    }

    private Definition definition(String source, Job job) throws SourceException {
        String xml;
        try {
            xml = http.getText(Jenkins.path(job.fullName()) + "/config.xml", "application/xml")
                    .response()
                    .body();
        } catch (SourceException e) {
            String why = switch (e.kind()) {
                case AUTH ->
                    "Jenkins refused its config.xml: Vigil's user needs Job/ExtendedRead on it to read its"
                            + " schedule, credentials and mail";
                case NOT_FOUND -> "Jenkins answered HTTP 404 for its config.xml (removed meanwhile?)";
                default -> throw e;
            };
            return new Definition(
                    source,
                    job.fullName(),
                    job.shown(),
                    List.of(),
                    null,
                    false,
                    null,
                    List.of(),
                    List.of(),
                    List.of(why));
        }
        JenkinsJobConfig.Read config = JenkinsJobConfig.read(xml == null ? "" : xml);
        List<String> schedules = new ArrayList<>();
        List<String> problems = new ArrayList<>(config.problems());
        String zone = null;
        for (String spec : config.specs()) {
            JenkinsCron.Read read = JenkinsCron.read(spec, job.fullName());
            read.schedules().stream().filter(s -> !schedules.contains(s)).forEach(schedules::add);
            problems.addAll(read.problems());
            if (zone != null && read.timezone() != null && !zone.equals(read.timezone())) {
                problems.add("two timer triggers in different time zones (" + zone + ", " + read.timezone()
                        + "): all its schedules are given in " + zone);
            }
            zone = zone == null ? read.timezone() : zone;
        }
        return new Definition(
                source,
                job.fullName(),
                job.shown(),
                schedules,
                zone,
                config.disabled(),
                null,
                config.credentials(),
                config.routes(),
                problems);
    }
}
