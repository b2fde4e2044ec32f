package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/**
 * When n8n runs a workflow by itself, read from its trigger nodes and written as Vigil writes a
 * schedule. What each node does was learnt from n8n's own source (1.123: nodes-base
 * {@code Schedule/GenericFunctions}, {@code Cron}, {@code Interval}; n8n-workflow {@code cron},
 * {@code NodeHelpers.cronNodeOptions}):
 *
 * <ul>
 *   <li>n8n fills a parameter the workflow leaves out with its default before the node runs, and
 *       its editor saves only what differs from the default: {@code {}} is a Schedule Trigger rule
 *       "every day at midnight". The defaults below are n8n's.
 *   <li>n8n registers a 6-field cron whose first field is the second, often a random one chosen
 *       when the workflow is activated. Vigil's crons have no seconds: the field is dropped, which
 *       keeps the minutes a job runs in (a second is finer than Vigil's deadlines).
 *   <li>Schedule Trigger: seconds → {@code *}{@code /N} seconds, restarted each minute, so runs are never
 *       more than N s apart: {@code every Ns}. Minutes, hours, days, weeks, months → a cron at
 *       {@code triggerAtHour}:{@code triggerAtMinute} (default 0:00). Hours, days, weeks and months
 *       greater than 1 are run by a cron that fires more often plus a check in the node ("the last
 *       run's hour/day/week/month + N", counted modulo 24/365/52/12): hours dividing 24 and months
 *       dividing 12 are then exactly the cron; days and weeks become {@code every Nd}/{@code every
 *       Nw} counted from the first run, which no cron writes; the rest the check stops after a
 *       while. Each of those inexact readings is said in the problems.
 *   <li>Cron (the old node): everyMinute, everyHour (at {@code minute}), everyDay/Week/Month (at
 *       {@code hour}:{@code minute}, default 14:00), everyX minutes as {@code *}{@code /N}, everyX hours at
 *       a random minute as {@code every Nh}, custom as written.
 *   <li>Interval: a timer every N seconds, minutes or hours: {@code every N(s|m|h)}.
 * </ul>
 */
final class N8nSchedules {
    static final String SCHEDULE_TRIGGER = "n8n-nodes-base.scheduleTrigger";
    static final String CRON = "n8n-nodes-base.cron";
    static final String INTERVAL = "n8n-nodes-base.interval";

    /** The presets of n8n's cron library (npm cron 3), in its 6 fields. */
    private static final Map<String, String> PRESETS = Map.of(
            "@yearly", "0 0 0 1 1 *",
            "@monthly", "0 0 0 1 * *",
            "@weekly", "0 0 0 * * 0",
            "@daily", "0 0 0 * * *",
            "@hourly", "0 0 * * * *",
            "@minutely", "0 * * * * *",
            "@secondly", "* * * * * *",
            "@weekdays", "0 0 0 * * 1-5",
            "@weekends", "0 0 0 * * 0,6");
    /** Node.js timers take at most this many milliseconds; n8n's Interval node refuses more. */
    private static final long LONGEST_TIMER_MS = 2_147_483_647L;

    private final Set<String> schedules;
    private final List<String> problems;

    /** @param schedules where each schedule read goes (a set: two rules may say the same) */
    N8nSchedules(Set<String> schedules, List<String> problems) {
        this.schedules = schedules;
        this.problems = problems;
    }

    static boolean trigger(String type) {
        return type.equals(SCHEDULE_TRIGGER) || type.equals(CRON) || type.equals(INTERVAL);
    }

    /** Reads one enabled trigger node of a type {@link #trigger} knows. */
    void read(JsonNode node) {
        String name = node.path("name").asText();
        JsonNode parameters = node.path("parameters");
        switch (node.path("type").asText()) {
            case SCHEDULE_TRIGGER -> scheduleTrigger(name, parameters);
            case CRON -> cronNode(name, parameters);
            default -> intervalNode(name, parameters);
        }
    }

    private void scheduleTrigger(String node, JsonNode parameters) {
        JsonNode rules = parameters.has("rule") ? parameters.path("rule").path("interval") : null;
        if (rules == null) {
            schedules.add("0 0 * * *"); // n8n's default rule: every day at midnight
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            String where = "node '" + node + "', rule " + (i + 1);
            try {
                schedules.add(rule(rules.get(i), where));
            } catch (N8nParameters.Unreadable e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
    }

    private String rule(JsonNode rule, String where) throws N8nParameters.Unreadable {
        String field = N8nParameters.text(rule, "field", "days");
        if (field.equals("cronExpression")) {
            return cron(N8nParameters.text(rule, "expression", ""));
        }
        if (field.equals("seconds")) {
            return "every " + N8nParameters.number(rule, "secondsInterval", 30, 1, 59) + "s";
        }
        if (field.equals("minutes")) {
            int every = N8nParameters.number(rule, "minutesInterval", 5, 1, 59);
            return every == 1 ? "* * * * *" : "*/" + every + " * * * *";
        }
        int minute = N8nParameters.number(rule, "triggerAtMinute", 0, 0, 59);
        if (field.equals("hours")) {
            int every = N8nParameters.number(rule, "hoursInterval", 1, 1, 23);
            String cron = minute + (every == 1 ? " * * * *" : " */" + every + " * * *");
            if (24 % every != 0) {
                problems.add(where + ": every " + every + " hours: n8n's cron '" + cron + "' starts again at"
                        + " midnight, where n8n's check (the last run's hour + " + every + ") no longer matches, so"
                        + " n8n stops running it after the first day; Vigil reads the cron");
            }
            return cron;
        }
        int hour = N8nParameters.number(rule, "triggerAtHour", 0, 0, 23);
        String at = "%02d:%02d".formatted(hour, minute);
        switch (field) {
            case "days" -> {
                int every = N8nParameters.number(rule, "daysInterval", 1, 1, 31);
                if (every == 1) {
                    return minute + " " + hour + " * * *";
                }
                problems.add(
                        where + ": every " + every + " days at " + at + ": n8n runs it at " + at + " every " + every
                                + " days counted from its first run (by day of the year, so the count breaks at new year),"
                                + " which no cron writes; Vigil reads every " + every + "d");
                return "every " + every + "d";
            }
            case "weeks" -> {
                int every = N8nParameters.number(rule, "weeksInterval", 1, 1, 52);
                String cron = valid(minute + " " + hour + " * * " + weekdays(rule));
                if (every == 1) {
                    return cron;
                }
                problems.add(where + ": every " + every + " weeks: n8n runs the cron '" + cron + "' only every " + every
                        + " weeks counted from its first run (by week of the year, modulo 52), which no cron writes;"
                        + " Vigil reads every " + every + "w");
                return "every " + every + "w";
            }
            case "months" -> {
                int every = N8nParameters.number(rule, "monthsInterval", 1, 1, 12);
                int day = N8nParameters.number(rule, "triggerAtDayOfMonth", 1, 1, 31);
                String cron = valid(minute + " " + hour + " " + day + (every == 1 ? " * *" : " */" + every + " *"));
                if (12 % every != 0) {
                    problems.add(where + ": every " + every + " months: n8n's cron '" + cron + "' starts again in"
                            + " January, where n8n's check (the last run's month + " + every + ", modulo 12) no"
                            + " longer matches, so n8n stops running it within a year; Vigil reads the cron");
                }
                return cron;
            }
            default -> throw new N8nParameters.Unreadable("a rule of field '" + field + "', which n8n does not know");
        }
    }

    /** {@code triggerAtDay}: n8n's weekdays, Sunday 0, default Sunday; none chosen is every day. */
    private static String weekdays(JsonNode rule) throws N8nParameters.Unreadable {
        JsonNode days = rule.path("triggerAtDay");
        if (days.isMissingNode() || days.isNull()) {
            return "0";
        }
        if (!days.isArray()) {
            throw new N8nParameters.Unreadable(
                    "triggerAtDay is " + N8nParameters.quoted(days) + ", not a list of weekdays");
        }
        Set<Integer> sorted = new TreeSet<>();
        for (JsonNode day : days) {
            sorted.add(N8nParameters.number(day, "triggerAtDay", 0, 6));
        }
        return sorted.isEmpty()
                ? "*"
                : String.join(",", sorted.stream().map(String::valueOf).toList());
    }

    private void cronNode(String node, JsonNode parameters) {
        JsonNode items = parameters.path("triggerTimes").path("item");
        for (int i = 0; i < items.size(); i++) {
            String where = "node '" + node + "', trigger time " + (i + 1);
            try {
                schedules.add(cronItem(items.get(i)));
            } catch (N8nParameters.Unreadable e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
    }

    private static String cronItem(JsonNode item) throws N8nParameters.Unreadable {
        String mode = N8nParameters.text(item, "mode", "everyDay");
        switch (mode) {
            case "everyMinute":
                return "* * * * *";
            case "everyX": {
                int value = N8nParameters.number(item, "value", 2, 1, Integer.MAX_VALUE);
                String unit = N8nParameters.text(item, "unit", "hours");
                if (unit.equals("minutes")) {
                    return valid("*/" + value + " * * * *");
                }
                if (unit.equals("hours")) {
                    return "every " + value + "h"; // at a minute n8n picks at random on activation
                }
                return cron(N8nParameters.text(item, "cronExpression", "* * * * * *"));
            }
            case "custom":
                return cron(N8nParameters.text(item, "cronExpression", "* * * * * *"));
            default:
                break;
        }
        int minute = N8nParameters.number(item, "minute", 0, 0, 59);
        return switch (mode) {
            case "everyHour" -> minute + " * * * *";
            case "everyDay" -> minute + " " + N8nParameters.number(item, "hour", 14, 0, 23) + " * * *";
            case "everyWeek" ->
                valid(minute + " " + N8nParameters.number(item, "hour", 14, 0, 23) + " * * "
                        + N8nParameters.text(item, "weekday", "1"));
            case "everyMonth" ->
                minute + " " + N8nParameters.number(item, "hour", 14, 0, 23) + " "
                        + N8nParameters.number(item, "dayOfMonth", 1, 1, 31) + " * *";
            default -> throw new N8nParameters.Unreadable("mode '" + mode + "', which n8n does not know");
        };
    }

    private void intervalNode(String node, JsonNode parameters) {
        try {
            long interval = N8nParameters.number(parameters, "interval", 1, 1, Integer.MAX_VALUE);
            String unit = N8nParameters.text(parameters, "unit", "seconds");
            long seconds = switch (unit) {
                case "seconds" -> interval;
                case "minutes" -> interval * 60;
                case "hours" -> interval * 3600;
                default -> throw new N8nParameters.Unreadable("unit '" + unit + "', which n8n does not know");
            };
            if (seconds * 1000 > LONGEST_TIMER_MS) {
                throw new N8nParameters.Unreadable("every " + interval + " " + unit
                        + ", longer than the timer n8n can set (about" + " 24 days): n8n does not activate it");
            }
            schedules.add("every " + interval + unit.charAt(0));
        } catch (N8nParameters.Unreadable e) {
            problems.add("node '" + node + "': " + e.getMessage());
        }
    }

    /**
     * A cron as n8n's cron library reads it — 5 fields, or 6 with the second first, or one of its
     * presets — in Vigil's 5 fields.
     */
    static String cron(String text) throws N8nParameters.Unreadable {
        String written = text.trim();
        String[] fields =
                PRESETS.getOrDefault(written.toLowerCase(Locale.ROOT), written).split("\\s+");
        if (fields.length == 6) {
            fields = Arrays.copyOfRange(fields, 1, 6);
        }
        return valid(String.join(" ", fields), written);
    }

    /** {@code cron} if Vigil can read it, else why not, quoting n8n's {@code written}. */
    private static String valid(String cron, String written) throws N8nParameters.Unreadable {
        try {
            CronExpression.parse(cron);
            return cron;
        } catch (InvalidCronException e) {
            throw new N8nParameters.Unreadable("Vigil cannot read n8n's cron '" + written + "': " + e.getMessage());
        }
    }

    private static String valid(String cron) throws N8nParameters.Unreadable {
        return valid(cron, cron);
    }
}
