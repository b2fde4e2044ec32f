package vigil.inventory.load;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import vigil.inventory.Alias;
import vigil.inventory.Credential;
import vigil.inventory.CredentialKind;
import vigil.inventory.Inventory;
import vigil.inventory.Person;

/**
 * Reads the four inventory sections of each file — people, aliases and credentials here, workflows
 * in {@link WorkflowReader} — then checks every cross-reference once all are read.
 */
final class InventoryReader {
    private static final Pattern CREDENTIAL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final List<String> SECTIONS = List.of("people", "aliases", "credentials", "workflows");

    private final Problems problems;
    private final InventoryContext context;
    private final String advice = InventoryLoader.SECRET_ADVICE;

    private final Map<String, Located<Person>> people = new LinkedHashMap<>();
    private final Map<String, Located<Alias>> aliases = new LinkedHashMap<>();
    private final Map<String, Located<Credential>> credentials = new LinkedHashMap<>();
    /** Each directory group an alias declares ({@code group:}), lower-cased. */
    private final Map<String, Located<String>> groupNames = new java.util.HashMap<>();
    /** Each platform handle ({@code SERVER:HANDLE}) and the credential whose {@code refs} name it. */
    private final Map<String, Located<String>> refOwners = new java.util.HashMap<>();
    /** Credential ids that are defined but invalid: references to them are not "unknown". */
    private final Set<String> invalidCredentials = new java.util.HashSet<>();
    /** Each alias's members as written, for positions in cycle reports. */
    private final Map<String, List<Located<String>>> aliasMembers = new HashMap<>();
    /** References to check once every file is read. */
    private final List<Runnable> referenceChecks = new ArrayList<>();

    private final Values values;
    private final WorkflowReader workflows;

    InventoryReader(Problems problems, InventoryContext context) {
        this.problems = problems;
        this.context = context;
        this.values = new Values(problems);
        this.workflows = new WorkflowReader(this, problems, context, values);
    }

    /** Runs {@code check} once every file is read (references may point forward, into other files). */
    void later(Runnable check) {
        referenceChecks.add(check);
    }

    /** Whether a credential of this id is defined, validly or not (an invalid one is reported where it is). */
    boolean credentialDefined(String id) {
        return credentials.containsKey(id) || invalidCredentials.contains(id);
    }

    Set<String> credentialIds() {
        return credentials.keySet();
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
            YamlMap.item(item, problems, advice).ifPresent(workflows::read);
        }
    }

    private void readPerson(YamlMap m) {
        m.allowOnly(List.of("email", "name", "manager", "active"));
        m.require("email");
        Optional<Located<String>> email = m.string("email").flatMap(values::email);
        Optional<Located<String>> manager = m.string("manager").flatMap(values::email);
        String name = m.string("name").map(Located::value).orElse(null);
        boolean active = m.bool("active").orElse(true);
        java.util.Set<String> written = new java.util.HashSet<>();
        for (String key : List.of("name", "manager", "active")) {
            if (m.has(key)) {
                written.add(key);
            }
        }
        email.ifPresent(e -> {
            Person person =
                    new Person(e.value(), name, manager.map(Located::value).orElse(null), active, written);
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
        m.allowOnly(List.of("email", "name", "members", "group"));
        m.require(m.has("group") ? new String[] {"email"} : new String[] {"email", "members"});
        Optional<Located<String>> group = m.string("group");
        group.ifPresent(g -> {
            Located<String> first = groupNames.putIfAbsent(g.value().toLowerCase(java.util.Locale.ROOT), g);
            if (first != null) {
                g.problem(
                        problems,
                        "directory group '" + g.value() + "' is already mapped to another alias (at "
                                + Values.where(first) + "); one group, one alias");
            }
        });
        Optional<Located<String>> email = m.string("email").flatMap(values::email);
        String name = m.string("name").map(Located::value).orElse(null);
        List<Located<String>> members = new ArrayList<>();
        m.strings("members").forEach(member -> values.email(member).ifPresent(members::add));
        email.ifPresent(e -> {
            Alias alias = new Alias(
                    e.value(),
                    name,
                    members.stream().map(Located::value).distinct().toList(),
                    group.map(Located::value).orElse(null));
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
        m.allowOnly(List.of("id", "kind", "system", "owner", "expires", "refs"));
        m.require("id", "kind", "owner");
        Optional<Located<String>> id =
                m.string("id").filter(i -> values.matches(i, CREDENTIAL_ID, "[a-z0-9][a-z0-9._-]*"));
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
        Optional<Located<String>> owner = m.string("owner").flatMap(values::email);
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
        List<String> refs = refs(m, id.map(Located::value).orElse("?"));
        if (id.isPresent() && kind.isPresent() && owner.isPresent()) {
            Credential credential = new Credential(
                    id.get().value(), kind.get(), system, owner.get().value(), expires.orElse(null), refs);
            if (unique(id.get(), "credential id", credentials)) {
                credentials.put(
                        credential.id(),
                        new Located<>(credential, m.file(), m.path(), id.get().node()));
            }
        } else {
            id.ifPresent(i -> invalidCredentials.add(i.value()));
        }
    }

    /**
     * A credential's handles on the platforms, each {@code SERVER:HANDLE}: a configured source and
     * what the platform calls the credential there. One handle names one credential.
     */
    private List<String> refs(YamlMap m, String credential) {
        List<String> refs = new ArrayList<>();
        for (Located<String> ref : m.strings("refs")) {
            String text = ref.value().trim();
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1 || text.chars().anyMatch(Character::isWhitespace)) {
                ref.problem(
                        problems,
                        "invalid ref '" + ref.value() + "': write SERVER:HANDLE, a source from vigil.yaml and the"
                                + " platform's id or name for the credential (e.g. crm-n8n:12, gh:SALESFORCE_TOKEN)");
                continue;
            }
            String server = text.substring(0, colon);
            referenceChecks.add(() -> {
                if (!context.sources().contains(server)) {
                    ref.problem(
                            problems,
                            "unknown source server '" + server + "' in ref '" + text + "'"
                                    + Suggest.hint(server, context.sources())
                                    + " (define it under 'sources' in vigil.yaml)");
                }
            });
            Located<String> first =
                    refOwners.putIfAbsent(text, new Located<>(credential, ref.file(), ref.path(), ref.node()));
            if (first != null) {
                ref.problem(
                        problems,
                        "ref '" + text + "' already names credential '" + first.value() + "' (at " + Values.where(first)
                                + "); a platform's credential maps to one inventory credential");
                continue;
            }
            refs.add(text);
        }
        return refs;
    }

    @SafeVarargs
    final boolean unique(Located<String> key, String what, Map<String, ? extends Located<?>>... existing) {
        for (Map<String, ? extends Located<?>> map : existing) {
            Located<?> first = map.get(key.value());
            if (first != null) {
                key.problem(
                        problems,
                        "duplicate " + what + " '" + key.value() + "' (first defined at " + Values.where(first) + ")");
                return false;
            }
        }
        return true;
    }

    void checkPartyExists(Located<String> ref) {
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
                workflows.workflows(),
                context.channels());
    }
}
