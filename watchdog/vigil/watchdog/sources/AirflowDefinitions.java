package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.Definition;
import vigil.inventory.load.Durations;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/**
 * A DAG of Airflow's list ({@code GET …/dags}) as a {@link Definition}, with its details ({@code
 * GET …/dags/{dag_id}/details}) where {@link Airflow#definitions} asked for them.
 *
 * <p>When it runs is what Airflow summarises of its timetable: Airflow 2 (v1) gives {@code
 * schedule_interval}, an object typed by {@code __type} — {@code CronExpression} ({@code value}: a
 * cron, a preset as written such as {@code @daily}, or a timetable's summary such as {@code
 * Dataset}), {@code TimeDelta} ({@code days}, {@code seconds}, {@code microseconds}) or {@code
 * RelativeDelta} — or null; Airflow 3 (v2) gives {@code timetable_summary}, the timetable's {@code
 * summary}: the cron (a preset already turned into one), {@code str(timedelta)} such as {@code 1
 * day, 0:00:00}, the crons of a MultipleCronTriggerTimetable joined by {@code ", "}, {@code
 * @once}, {@code @continuous}, {@code Asset}, {@code Asset or <summary>}, or null for none.
 * Presets are Airflow's ({@code @hourly} … {@code @quarterly}, {@code @yearly}); a cron or an
 * interval becomes the schedule, a DAG run once or by data ({@code @once}, {@code Dataset}, {@code
 * Asset}) has none, and anything else — a relativedelta (months vary), {@code @continuous}, a
 * custom timetable's own summary, a cron Vigil cannot read — is a problem quoting it.
 *
 * <p>A cron is read in the DAG's time zone, which only the details tell ({@code timezone}: {@code
 * Europe/Berlin}, or {@code Timezone('Europe/Berlin')} as Airflow 2 wrote it under pendulum 2). A
 * timetable given its own zone ({@code CronTriggerTimetable(…, timezone=…)}) is not seen: the
 * DAG's zone is reported.
 *
 * <p>Owner: the first of {@code owners} written as a mail address. Credentials: none; Airflow's API
 * does not say which connections a DAG uses. Routes: the API exports no task's {@code email} or
 * {@code email_on_failure} (neither v1 {@code Task} nor v2 {@code TaskResponse} has them); only
 * the v2 details of Airflow 3.1 and later carry the DAG's {@code default_args}, whose {@code
 * email} (a string, split at {@code ,} and {@code ;} as Airflow does, or a list) is a route unless
 * {@code email_on_failure} is false there. A task setting its own is not seen.
 */
final class AirflowDefinitions {
    private static final Pattern MAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    /** Airflow's cron presets ({@code airflow.utils.dates.cron_presets}), and croniter's two others. */
    private static final Map<String, String> PRESETS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@quarterly", "0 0 1 */3 *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    /** Summaries of timetables that run a DAG once or when data arrives, never by the clock. */
    private static final Set<String> UNSCHEDULED =
            Set.of("None", "@once", "Dataset", "Asset", "Partitioned Asset", "PartitionAtRuntime");

    /** {@code str(timedelta)}: {@code 0:15:00}, {@code 1 day, 0:00:00}, {@code 2 days, 3:00:00.500000}. */
    private static final Pattern TIMEDELTA =
            Pattern.compile("(?:(-?\\d+) days?, )?(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{6}))?");

    /** {@code Timezone('Europe/Berlin')}: how pendulum 2 printed a zone. */
    private static final Pattern PENDULUM_2 = Pattern.compile("Timezone\\('([^']+)'\\)");

    private AirflowDefinitions() {}

    /** When a DAG runs, as far as its summary tells: its schedules, whether one is a cron, what was not read. */
    record Timing(List<String> schedules, boolean cron, List<String> problems) {
        static final Timing NONE = new Timing(List.of(), false, List.of());

        static Timing problem(String problem) {
            return new Timing(List.of(), false, List.of(problem));
        }
    }

    /**
     * A DAG Airflow no longer schedules because its file is gone: v1 {@code is_active} false, v2
     * {@code is_stale}. The list is asked without them already ({@code only_active}, {@code
     * exclude_stale}); one that comes anyway is left out, as Airflow's own DAG list does, rather
     * than proposed as automation that cannot run.
     */
    static boolean gone(JsonNode dag) {
        return (dag.path("is_active").isBoolean() && !dag.get("is_active").asBoolean())
                || dag.path("is_stale").asBoolean(false);
    }

    /** The DAG's timing from the field its API version gives. */
    static Timing timing(Airflow.Api api, JsonNode dag) {
        if (api == Airflow.Api.V1) {
            return interval(dag.path("schedule_interval"));
        }
        JsonNode summary = dag.path("timetable_summary");
        return summary.isTextual() ? summary(summary.asText(), "timetable_summary") : Timing.NONE;
    }

    /** Airflow 2's {@code schedule_interval} object. */
    private static Timing interval(JsonNode si) {
        if (si.isMissingNode() || si.isNull()) {
            return Timing.NONE;
        }
        String type = si.path("__type").asText("");
        switch (type) {
            case "CronExpression":
                return si.path("value").isTextual()
                        ? summary(si.get("value").asText(), "schedule_interval")
                        : Timing.problem("Airflow gave a CronExpression schedule_interval without a value");
            case "TimeDelta":
                Duration d = Duration.ofDays(si.path("days").asLong(0))
                        .plusSeconds(si.path("seconds").asLong(0))
                        .plusNanos(si.path("microseconds").asLong(0) * 1_000);
                return every(d, "schedule_interval " + words(si));
            case "RelativeDelta":
                return Timing.problem("schedule_interval " + words(si)
                        + " is a relativedelta, whose length varies with the calendar: Vigil reads no schedule"
                        + " from it");
            default:
                return Timing.problem("schedule_interval " + words(si) + " is not a schedule Vigil reads");
        }
    }

    /** {@code TimeDelta(days=1, seconds=0, microseconds=0)}: an interval object in words, zero fields too. */
    private static String words(JsonNode si) {
        StringBuilder b = new StringBuilder(si.path("__type").asText("?")).append('(');
        Iterator<Map.Entry<String, JsonNode>> fields = si.fields();
        String sep = "";
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getKey().equals("__type") && !f.getValue().isNull()) {
                b.append(sep).append(f.getKey()).append('=').append(f.getValue().asText());
                sep = ", ";
            }
        }
        return b.append(')').toString();
    }

    /** A timetable summary (or Airflow 2's CronExpression value): {@code what} names the field in problems. */
    static Timing summary(String text, String what) {
        String t = text.trim();
        if (t.isEmpty() || UNSCHEDULED.contains(t)) {
            return Timing.NONE;
        }
        if (t.equals("@continuous")) {
            return Timing.problem(what + " '@continuous': Airflow starts a run whenever the last ends;"
                    + " Vigil has no schedule to expect it by");
        }
        for (String prefix : List.of("Asset or ", "Dataset or ")) {
            if (t.startsWith(prefix)) {
                // runs on its clock, and besides when the data arrives: the clock is what to expect
                return summary(t.substring(prefix.length()), what);
            }
        }
        Matcher delta = TIMEDELTA.matcher(t);
        if (delta.matches()) {
            Duration d = Duration.ofDays(delta.group(1) == null ? 0 : Long.parseLong(delta.group(1)))
                    .plusHours(Long.parseLong(delta.group(2)))
                    .plusMinutes(Long.parseLong(delta.group(3)))
                    .plusSeconds(Long.parseLong(delta.group(4)))
                    .plusNanos(delta.group(5) == null ? 0 : Long.parseLong(delta.group(5)) * 1_000);
            return every(d, what + " '" + t + "'");
        }
        List<String> crons = new ArrayList<>();
        for (String part : t.split(", ")) {
            String cron = PRESETS.getOrDefault(part.trim(), part.trim());
            try {
                CronExpression.parse(cron);
                crons.add(cron);
            } catch (InvalidCronException e) {
                return Timing.problem(what + " '" + t + "' is not a schedule Vigil reads"
                        + (t.contains(" ") ? " (" + e.getMessage() + ")" : ""));
            }
        }
        return new Timing(crons, true, List.of());
    }

    /** A fixed interval as {@code every 15m}; one Vigil cannot keep (sub-second, not positive, over a year) is a problem. */
    private static Timing every(Duration d, String quoted) {
        if (d.isNegative() || d.isZero() || d.getNano() != 0 || d.compareTo(Durations.MAX_EVERY) > 0) {
            return Timing.problem(quoted + " is not an interval Vigil can expect runs by (whole seconds up to "
                    + Durations.inDays(Durations.MAX_EVERY) + ")");
        }
        return new Timing(List.of("every " + Durations.inDays(d)), false, List.of());
    }

    /**
     * The definition of {@code dag}: ref its {@code dag_id}, name its {@code dag_display_name} if it
     * has one, paused as {@code is_paused}; {@code details} is null when not asked for, {@code
     * unread} says why they were asked for and not read (null when read or not asked for).
     */
    static Definition definition(String source, JsonNode dag, Timing timing, JsonNode details, String unread) {
        String id = dag.path("dag_id").asText();
        String display = dag.path("dag_display_name").asText("");
        List<String> problems = new ArrayList<>(timing.problems());
        if (dag.path("has_import_errors").asBoolean(false)) {
            problems.add("Airflow cannot import the DAG's file now (has_import_errors): this is the definition"
                    + " it last read");
        }
        if (unread != null) {
            problems.add(unread);
        }
        String zone = details == null ? null : zone(details.path("timezone"), problems);
        List<Definition.PlatformRoute> routes = details == null ? List.of() : routes(details, problems);
        return new Definition(
                source,
                id,
                display.isBlank() ? id : display,
                timing.schedules(),
                zone,
                dag.path("is_paused").asBoolean(false),
                owner(dag.path("owners")),
                List.of(),
                routes,
                problems);
    }

    /** The first owner written as a mail address (owners are free text: "airflow", "data-eng", …). */
    private static String owner(JsonNode owners) {
        for (JsonNode o : owners) {
            String text = o.asText("").trim();
            if (MAIL.matcher(text).matches()) {
                return text.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String zone(JsonNode timezone, List<String> problems) {
        if (!timezone.isTextual() || timezone.asText().isBlank()) {
            return null;
        }
        String text = timezone.asText().trim();
        Matcher old = PENDULUM_2.matcher(text);
        String name = old.matches() ? old.group(1) : text;
        try {
            return ZoneId.of(name).getId();
        } catch (DateTimeException e) {
            problems.add("Airflow gave the time zone '" + text + "', which Vigil does not know; its crons are read"
                    + " in Vigil's default zone");
            return null;
        }
    }

    /** The mail addresses of {@code default_args.email}, unless {@code email_on_failure} is false there. */
    private static List<Definition.PlatformRoute> routes(JsonNode details, List<String> problems) {
        JsonNode args = details.path("default_args");
        JsonNode email = args.path("email");
        if (!args.isObject()
                || email.isMissingNode()
                || email.isNull()
                || !args.path("email_on_failure").asBoolean(true)) {
            return List.of();
        }
        List<String> written = new ArrayList<>();
        if (email.isArray()) {
            email.forEach(e -> written.add(e.asText("")));
        } else {
            written.add(email.asText(""));
        }
        String where = "default_args of the DAG: email, mailed by email_on_failure (a task may set its own)";
        List<Definition.PlatformRoute> routes = new ArrayList<>();
        for (String w : written) {
            for (String address : w.split("[,;]")) {
                String a = address.trim();
                if (a.isEmpty()) {
                    continue;
                }
                if (MAIL.matcher(a).matches()) {
                    routes.add(new Definition.PlatformRoute(a.toLowerCase(Locale.ROOT), where));
                } else {
                    problems.add("default_args email '" + a + "' is not a mail address Vigil can follow");
                }
            }
        }
        return routes;
    }
}
