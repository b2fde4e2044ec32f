package vigil.inventory.load;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import vigil.inventory.Alias;
import vigil.inventory.Credential;
import vigil.inventory.CredentialKind;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Route;
import vigil.inventory.Source;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.schedule.Schedule;

/** Reads the four inventory sections of each file, then checks every cross-reference once all are read. */
final class InventoryReader {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern CREDENTIAL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern WORKFLOW_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> SECTIONS = List.of("people", "aliases", "credentials", "workflows");
    private static final List<String> SOURCE_KINDS =
            List.of("n8n", "airflow", "github-actions", "jenkins", "kubernetes");

    private final Problems problems;
    private final InventoryContext context;
    private final String advice = InventoryLoader.SECRET_ADVICE;

    private final Map<String, Located<Person>> people = new LinkedHashMap<>();
    private final Map<String, Located<Alias>> aliases = new LinkedHashMap<>();
    private final Map<String, Located<Credential>> credentials = new LinkedHashMap<>();
    private final Map<String, Located<Workflow>> workflows = new LinkedHashMap<>();
    private final Map<UUID, Located<String>> pings = new HashMap<>();
    /** Credential ids that are defined but invalid: references to them are not "unknown". */
    private final Set<String> invalidCredentials = new java.util.HashSet<>();
    /** Each alias's members as written, for positions in cycle reports. */
    private final Map<String, List<Located<String>>> aliasMembers = new HashMap<>();
    /** References to check once every file is read. */
    private final List<Runnable> referenceChecks = new ArrayList<>();

    InventoryReader(Problems problems, InventoryContext context) {
        this.problems = problems;
        this.context = context;
    }

    void readFile(YamlMap root) {
        root.allowOnly(SECTIONS);
        for (Located<Node> item : root.list("people")) {
            YamlMap.item(item, problems, advice).ifPresent(this::readPerson);
        }
        for (Located<Node> item : root.list("aliases")) {
            YamlMap.item(item, problems, advice).ifPresent(this::readAlias);
        }
        for (Located<Node> item : root.list("credentials")) {
            YamlMap.item(item, problems, advice).ifPresent(this::readCredential);
        }
        for (Located<Node> item : root.list("workflows")) {
            YamlMap.item(item, problems, advice).ifPresent(this::readWorkflow);
        }
    }

    private void readPerson(YamlMap m) {
        m.allowOnly(List.of("email", "name", "manager", "active"));
        m.require("email");
        Optional<Located<String>> email = m.string("email").flatMap(this::email);
        Optional<Located<String>> manager = m.string("manager").flatMap(this::email);
        String name = m.string("name").map(Located::value).orElse(null);
        boolean active = m.bool("active").orElse(true);
        email.ifPresent(e -> {
            Person person =
                    new Person(e.value(), name, manager.map(Located::value).orElse(null), active);
            if (unique(e, "person or alias", people, aliases)) {
                people.put(e.value(), new Located<>(person, e.file(), m.path(), e.node()));
            }
        });
        manager.ifPresent(mgr -> referenceChecks.add(() -> {
            if (aliases.containsKey(mgr.value())) {
                mgr.problem(problems, "a manager must be a person; '" + mgr.value() + "' is an alias");
            } else if (!people.containsKey(mgr.value())) {
                mgr.problem(
                        problems, "unknown person '" + mgr.value() + "'" + Suggest.hint(mgr.value(), people.keySet()));
            }
        }));
    }

    private void readAlias(YamlMap m) {
        m.allowOnly(List.of("email", "name", "members"));
        m.require("email", "members");
        Optional<Located<String>> email = m.string("email").flatMap(this::email);
        String name = m.string("name").map(Located::value).orElse(null);
        List<Located<String>> members = new ArrayList<>();
        m.strings("members").forEach(member -> email(member).ifPresent(members::add));
        email.ifPresent(e -> {
            Alias alias = new Alias(
                    e.value(),
                    name,
                    members.stream().map(Located::value).distinct().toList());
            if (unique(e, "person or alias", people, aliases)) {
                aliases.put(e.value(), new Located<>(alias, e.file(), m.child("members"), e.node()));
                aliasMembers.put(e.value(), members);
            }
        });
        for (Located<String> member : members) {
            referenceChecks.add(() -> checkPartyExists(member));
        }
    }

    private void readCredential(YamlMap m) {
        m.allowOnly(List.of("id", "kind", "system", "owner", "expires"));
        m.require("id", "kind", "owner");
        Optional<Located<String>> id = m.string("id").filter(i -> matches(i, CREDENTIAL_ID, "[a-z0-9][a-z0-9._-]*"));
        Optional<CredentialKind> kind = m.string("kind").flatMap(k -> {
            Optional<CredentialKind> parsed = CredentialKind.fromYaml(k.value());
            if (parsed.isEmpty()) {
                k.problem(
                        problems,
                        "unknown credential kind '" + k.value() + "'"
                                + Suggest.hint(k.value(), CredentialKind.yamlNames())
                                + "; use one of " + String.join(", ", CredentialKind.yamlNames()));
            }
            return parsed;
        });
        String system = m.string("system").map(Located::value).orElse(null);
        Optional<Located<String>> owner = m.string("owner").flatMap(this::email);
        Optional<LocalDate> expires = m.string("expires").flatMap(text -> {
            try {
                return Optional.of(LocalDate.parse(text.value()));
            } catch (DateTimeParseException e) {
                text.problem(
                        problems,
                        "invalid date '" + text.value() + "' ("
                                + (text.value().matches("\\d{4}-\\d{2}-\\d{2}")
                                        ? "there is no such day"
                                        : "write it as YYYY-MM-DD")
                                + ")");
                return Optional.empty();
            }
        });
        owner.ifPresent(o -> referenceChecks.add(() -> checkPartyExists(o)));
        if (id.isPresent() && kind.isPresent() && owner.isPresent()) {
            Credential credential = new Credential(
                    id.get().value(), kind.get(), system, owner.get().value(), expires.orElse(null));
            if (unique(id.get(), "credential id", credentials)) {
                credentials.put(
                        credential.id(),
                        new Located<>(credential, m.file(), m.path(), id.get().node()));
            }
        } else {
            id.ifPresent(i -> invalidCredentials.add(i.value()));
        }
    }

    private void readWorkflow(YamlMap m) {
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
                "paused"));
        m.require("id", "owner");
        Optional<Located<String>> id = m.string("id").filter(i -> matches(i, WORKFLOW_ID, "[a-z0-9][a-z0-9_-]*"));
        String name = m.string("name")
                .map(Located::value)
                .orElse(id.map(Located::value).orElse(null));
        Optional<Located<String>> owner = m.string("owner").flatMap(this::email);
        owner.ifPresent(o -> referenceChecks.add(() -> checkPartyExists(o)));
        Optional<Schedule> schedule = schedule(m);
        ZoneId zone = m.string("timezone").flatMap(this::zone).orElse(context.defaultZone());
        Duration grace = m.string("grace").flatMap(this::duration).orElse(Duration.ofHours(1));
        List<String> creds = new ArrayList<>();
        for (Located<String> ref : m.strings("credentials")) {
            creds.add(ref.value());
            referenceChecks.add(() -> {
                if (!credentials.containsKey(ref.value()) && !invalidCredentials.contains(ref.value())) {
                    ref.problem(
                            problems,
                            "unknown credential '" + ref.value() + "'"
                                    + Suggest.hint(ref.value(), credentials.keySet()));
                }
            });
        }
        List<Route> routes = new ArrayList<>();
        for (Located<String> target : m.strings("notify")) {
            route(target).ifPresent(routes::add);
        }
        Optional<UUID> ping = m.string("ping").flatMap(p -> {
            if (!UUID_TEXT.matcher(p.value()).matches()) {
                p.problem(problems, "invalid ping UUID '" + p.value() + "' (expected 8-4-4-4-12 hex digits)");
                return Optional.empty();
            }
            UUID uuid = UUID.fromString(p.value());
            Located<String> first = pings.putIfAbsent(uuid, p);
            if (first != null) {
                p.problem(problems, "ping UUID already used at " + where(first));
            }
            return Optional.of(uuid);
        });
        Optional<Source> source = m.map("source").flatMap(this::source);
        boolean paused = m.bool("paused").orElse(false);
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
                    paused);
            if (unique(id.get(), "workflow id", workflows)) {
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
        return duration(every.get()).flatMap(d -> {
            if (d.isZero() || d.isNegative()) {
                every.get().problem(problems, "interval must be longer than zero");
                return Optional.empty();
            }
            return Optional.of(new Schedule.Every(d, every.get().value()));
        });
    }

    private Optional<Route> route(Located<String> target) {
        String text = target.value().trim();
        int colon = text.indexOf(':');
        if (colon > 0 && !text.contains("@")) {
            String scheme = text.substring(0, colon);
            String channel = text.substring(colon + 1);
            if (!scheme.equals("channel") && !scheme.equals("chat")) {
                target.problem(problems, "unknown route '" + text + "' (write an email address or channel:NAME)");
                return Optional.empty();
            }
            referenceChecks.add(() -> {
                if (!context.channels().containsKey(channel)) {
                    target.problem(
                            problems,
                            "unknown channel '" + channel + "'"
                                    + Suggest.hint(channel, context.channels().keySet())
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
            return Optional.of(new Route.Channel(channel));
        }
        return email(target).map(e -> new Route.Email(e.value()));
    }

    private Optional<Source> source(YamlMap m) {
        m.allowOnly(List.of("kind", "server", "ref"));
        m.require("kind", "server", "ref");
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
        server.ifPresent(s -> referenceChecks.add(() -> {
            if (!context.sources().contains(s.value())) {
                s.problem(
                        problems,
                        "unknown source server '" + s.value() + "'" + Suggest.hint(s.value(), context.sources())
                                + " (define it under 'sources' in vigil.yaml)");
            }
        }));
        Optional<Located<String>> ref = m.string("ref");
        if (kind.isEmpty() || server.isEmpty() || ref.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Source(kind.get().value(), server.get().value(), ref.get().value()));
    }

    private Optional<Located<String>> email(Located<String> text) {
        String value = text.value().trim();
        if (!EMAIL.matcher(value).matches()) {
            text.problem(problems, "invalid email address '" + value + "'");
            return Optional.empty();
        }
        return Optional.of(new Located<>(value.toLowerCase(Locale.ROOT), text.file(), text.path(), text.node()));
    }

    private Optional<ZoneId> zone(Located<String> text) {
        try {
            return Optional.of(ZoneId.of(text.value()));
        } catch (java.time.DateTimeException e) {
            text.problem(
                    problems,
                    "unknown time zone '" + text.value() + "'"
                            + (text.value().contains("/")
                                    ? Suggest.hint(text.value(), ZoneId.getAvailableZoneIds())
                                    : "")
                            + " (use an IANA name like Europe/Berlin)");
            return Optional.empty();
        }
    }

    private Optional<Duration> duration(Located<String> text) {
        Optional<Duration> parsed = Durations.parse(text.value());
        if (parsed.isEmpty()) {
            text.problem(
                    problems,
                    "invalid duration '" + text.value() + "' (use 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)");
        }
        return parsed;
    }

    private boolean matches(Located<String> id, Pattern pattern, String rule) {
        if (pattern.matcher(id.value()).matches()) {
            return true;
        }
        id.problem(problems, "invalid id '" + id.value() + "' (must match " + rule + ")");
        return false;
    }

    @SafeVarargs
    private boolean unique(Located<String> key, String what, Map<String, ? extends Located<?>>... existing) {
        for (Map<String, ? extends Located<?>> map : existing) {
            Located<?> first = map.get(key.value());
            if (first != null) {
                key.problem(
                        problems,
                        "duplicate " + what + " '" + key.value() + "' (first defined at " + where(first) + ")");
                return false;
            }
        }
        return true;
    }

    private static String where(Located<?> located) {
        return located.file() + ":" + (located.node().getStartMark().getLine() + 1) + ":"
                + (located.node().getStartMark().getColumn() + 1);
    }

    private void checkPartyExists(Located<String> ref) {
        if (!people.containsKey(ref.value()) && !aliases.containsKey(ref.value())) {
            List<String> all = new ArrayList<>(people.keySet());
            all.addAll(aliases.keySet());
            ref.problem(problems, "unknown person or alias '" + ref.value() + "'" + Suggest.hint(ref.value(), all));
        }
    }

    Inventory finish() {
        referenceChecks.forEach(Runnable::run);
        AliasCycles.report(aliases, aliasMembers, problems);
        return new Inventory(
                people.values().stream().map(Located::value).toList(),
                aliases.values().stream().map(Located::value).toList(),
                credentials.values().stream().map(Located::value).toList(),
                workflows.values().stream().map(Located::value).toList(),
                context.channels());
    }
}
