package vigil.inventory.load;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import vigil.inventory.Budget;
import vigil.inventory.Normal;
import vigil.inventory.PingUuid;
import vigil.inventory.Route;
import vigil.inventory.Source;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.schedule.Schedule;

/**
 * The {@code workflows:} section: id, owner, schedule ({@code schedule:} cron or {@code every:}),
 * zone, grace, credentials, routes, ping UUID, source and paused; references to people, aliases,
 * credentials, channels and source servers are checked once every file is read.
 */
final class WorkflowReader {
    private static final Pattern WORKFLOW_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final List<String> SOURCE_KINDS =
            List.of("n8n", "airflow", "github", "github-actions", "jenkins", "kubernetes");

    private final InventoryReader inventory;
    private final Problems problems;
    private final InventoryContext context;
    private final Values values;
    private final Map<String, Located<Workflow>> workflows = new LinkedHashMap<>();
    private final Map<UUID, Located<String>> pings = new HashMap<>();

    WorkflowReader(InventoryReader inventory, Problems problems, InventoryContext context, Values values) {
        this.inventory = inventory;
        this.problems = problems;
        this.context = context;
        this.values = values;
    }

    List<Workflow> workflows() {
        return workflows.values().stream().map(Located::value).toList();
    }

    void read(YamlMap m) {
        m.allowOnly(List.of(
                "id",
                "name",
                "owner",
                "schedule",
                "every",
                "timezone",
                "grace",
                "credentials",
                "notify",
                "ping",
                "source",
                "paused",
                "normal",
                "budget"));
        m.require("id", "owner");
        Optional<Located<String>> id =
                m.string("id").filter(i -> values.matches(i, WORKFLOW_ID, "[a-z0-9][a-z0-9_-]*"));
        String name = m.string("name")
                .map(Located::value)
                .orElse(id.map(Located::value).orElse(null));
        Optional<Located<String>> owner = m.string("owner").flatMap(values::email);
        owner.ifPresent(o -> inventory.later(() -> inventory.checkPartyExists(o)));
        Optional<Schedule> schedule = schedule(m);
        ZoneId zone = m.string("timezone").flatMap(values::zone).orElse(context.defaultZone());
        Duration grace = m.string("grace")
                .flatMap(g -> values.duration(g, Duration.ZERO, Durations.MAX_GRACE))
                .orElse(Duration.ofHours(1));
        List<String> creds = new ArrayList<>();
        for (Located<String> ref : m.strings("credentials")) {
            creds.add(ref.value());
            inventory.later(() -> {
                if (!inventory.credentialDefined(ref.value())) {
                    ref.problem(
                            problems,
                            "unknown credential '" + ref.value() + "'"
                                    + Suggest.hint(ref.value(), inventory.credentialIds()));
                }
            });
        }
        List<Route> routes = new ArrayList<>();
        for (Located<String> target : m.strings("notify")) {
            route(target).ifPresent(routes::add);
        }
        Optional<UUID> ping = m.string("ping").flatMap(p -> {
            if (!PingUuid.matches(p.value())) {
                p.problem(problems, "invalid ping UUID '" + p.value() + "' (expected 8-4-4-4-12 hex digits)");
                return Optional.empty();
            }
            UUID uuid = UUID.fromString(p.value());
            Located<String> first = pings.putIfAbsent(uuid, p);
            if (first != null) {
                p.problem(problems, "ping UUID already used at " + Values.where(first));
            }
            return Optional.of(uuid);
        });
        Optional<Source> source = m.map("source").flatMap(this::source);
        boolean paused = m.bool("paused").orElse(false);
        BaselineReader baselines = new BaselineReader(problems, values);
        Normal normal = baselines.normal(m).orElse(null);
        Budget budget = baselines.budget(m).orElse(null);
        if (id.isPresent() && owner.isPresent() && schedule.isPresent()) {
            Workflow workflow = new Workflow(
                    id.get().value(),
                    name,
                    owner.get().value(),
                    schedule.get(),
                    zone,
                    grace,
                    creds.stream().distinct().toList(),
                    routes.stream().distinct().toList(),
                    ping.orElse(null),
                    source.orElse(null),
                    paused,
                    normal,
                    budget);
            if (inventory.unique(id.get(), "workflow id", workflows)) {
                workflows.put(
                        workflow.id(),
                        new Located<>(workflow, m.file(), m.path(), id.get().node()));
            }
        }
    }

    private Optional<Schedule> schedule(YamlMap m) {
        Optional<Located<String>> cron = m.string("schedule");
        Optional<Located<String>> every = m.string("every");
        if (cron.isPresent() && every.isPresent()) {
            every.get().problem(problems, "give either 'schedule' or 'every', not both");
            return Optional.empty();
        }
        if (cron.isEmpty() && every.isEmpty()) {
            boolean misspelt = m.keys().stream()
                    .anyMatch(k -> !k.equals("schedule")
                            && !k.equals("every")
                            && Suggest.closest(k, List.of("schedule", "every")).isPresent());
            if (!m.has("schedule") && !m.has("every") && !misspelt) {
                m.problems()
                        .add(
                                m.file(),
                                m.node(),
                                m.path()
                                        + ": missing schedule (write schedule: \"CRON EXPRESSION\" or every: DURATION)");
            }
            return Optional.empty();
        }
        if (cron.isPresent()) {
            try {
                return Optional.of(
                        new Schedule.Cron(CronExpression.parse(cron.get().value())));
            } catch (InvalidCronException e) {
                cron.get()
                        .problem(
                                problems,
                                "invalid cron expression '" + cron.get().value() + "': " + e.getMessage());
                return Optional.empty();
            }
        }
        return values.duration(every.get()).flatMap(d -> {
            if (d.isZero() || d.isNegative()) {
                every.get().problem(problems, "interval must be longer than zero");
                return Optional.empty();
            }
            if (d.compareTo(Durations.MAX_EVERY) > 0) {
                every.get()
                        .problem(
                                problems,
                                "interval must be at most " + Durations.inDays(Durations.MAX_EVERY)
                                        + " (write a cron schedule for rarer runs)");
                return Optional.empty();
            }
            return Optional.of(new Schedule.Every(d, every.get().value()));
        });
    }

    private Optional<Route> route(Located<String> target) {
        Optional<Route> parsed = Route.parse(target.value());
        if (parsed.isEmpty()) {
            target.problem(
                    problems, "unknown route '" + target.value().trim() + "' (write an email address or channel:NAME)");
            return Optional.empty();
        }
        if (parsed.get() instanceof Route.Channel channel) {
            inventory.later(() -> {
                if (!context.channels().containsKey(channel.name())) {
                    target.problem(
                            problems,
                            "unknown channel '" + channel.name() + "'"
                                    + Suggest.hint(
                                            channel.name(), context.channels().keySet())
                                    + (context.channels().isEmpty()
                                            ? "; no channels are configured in vigil.yaml"
                                            : "; configured channels: "
                                                    + String.join(
                                                            ", ",
                                                            context.channels().keySet().stream()
                                                                    .sorted()
                                                                    .toList())));
                }
            });
            return parsed;
        }
        return values.email(target).map(e -> new Route.Email(e.value()));
    }

    private Optional<Source> source(YamlMap m) {
        m.allowOnly(List.of("kind", "server", "ref"));
        m.require("server", "ref"); // the kind comes from the server; written here, it is checked
        Optional<Located<String>> kind = m.string("kind").filter(k -> {
            if (SOURCE_KINDS.contains(k.value())) {
                return true;
            }
            k.problem(
                    problems,
                    "unknown source kind '" + k.value() + "'" + Suggest.hint(k.value(), SOURCE_KINDS) + "; use one of "
                            + String.join(", ", SOURCE_KINDS));
            return false;
        });
        Optional<Located<String>> server = m.string("server");
        server.ifPresent(s -> inventory.later(() -> {
            if (!context.sources().contains(s.value())) {
                s.problem(
                        problems,
                        "unknown source server '" + s.value() + "'" + Suggest.hint(s.value(), context.sources())
                                + " (define it under 'sources' in vigil.yaml)");
            }
        }));
        Optional<Located<String>> ref = m.string("ref");
        if ((m.has("kind") && kind.isEmpty()) || server.isEmpty() || ref.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Source(
                kind.map(Located::value).orElse(null),
                server.get().value(),
                ref.get().value()));
    }
}
