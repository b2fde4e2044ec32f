package vigil.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import vigil.inventory.Alias;
import vigil.inventory.Credential;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;

/**
 * Writes an {@link Inventory} as the inventory files a user keeps (docs/inventory.md's keys):
 * {@code people.yaml}, {@code credentials.yaml} and {@code workflows-NN.yaml} (10,000 workflows each) in one directory, so a
 * generated inventory can be loaded by a real daemon. Every string is double-quoted (names carry
 * {@code #}); a person's {@code name}, {@code manager} and {@code active} are written only when the
 * person has them {@link Person#written() written}, as the loader reads them back.
 *
 * <p>{@link #configFor} gives the {@code vigil.yaml} lines the inventory needs: its channels and
 * the servers its workflows are pulled from (at an address that refuses connections).
 */
public final class InventoryYaml {
    /** Workflows per file: the daemon refuses one inventory file too large for its heap to read. */
    private static final int PER_FILE = 10_000;

    private InventoryYaml() {}

    /** Writes the three files into {@code dir} (created if missing). */
    public static void write(Inventory inventory, Path dir) {
        try {
            Files.createDirectories(dir);
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("people.yaml"), StandardCharsets.UTF_8)) {
                out.write("people:\n");
                for (Person p : inventory.people()) {
                    out.write("  - { email: " + q(p.email()));
                    if (p.written().contains("name") && p.name() != null) {
                        out.write(", name: " + q(p.name()));
                    }
                    if (p.written().contains("manager") && p.manager() != null) {
                        out.write(", manager: " + q(p.manager()));
                    }
                    if (p.written().contains("active")) {
                        out.write(", active: " + p.active());
                    }
                    out.write(" }\n");
                }
                out.write("aliases:\n");
                for (Alias a : inventory.aliases()) {
                    out.write("  - { email: " + q(a.email()));
                    if (a.name() != null) {
                        out.write(", name: " + q(a.name()));
                    }
                    if (a.group() != null) {
                        out.write(", group: " + q(a.group()));
                    }
                    if (a.group() == null || !a.members().isEmpty()) {
                        out.write(", members: " + list(a.members()));
                    }
                    out.write(" }\n");
                }
            }
            try (BufferedWriter out =
                    Files.newBufferedWriter(dir.resolve("credentials.yaml"), StandardCharsets.UTF_8)) {
                out.write("credentials:\n");
                for (Credential c : inventory.credentials()) {
                    out.write("  - { id: " + q(c.id()) + ", kind: " + q(c.kind().yamlName()) + ", system: "
                            + q(c.system()) + ", owner: " + q(c.owner()));
                    if (c.expires() != null) {
                        out.write(", expires: " + c.expires());
                    }
                    if (!c.refs().isEmpty()) {
                        out.write(", refs: " + list(c.refs()));
                    }
                    out.write(" }\n");
                }
            }
            List<Workflow> workflows = List.copyOf(inventory.workflows());
            for (int from = 0, file = 1; from < workflows.size(); from += PER_FILE, file++) {
                writeWorkflows(
                        workflows.subList(from, Math.min(workflows.size(), from + PER_FILE)),
                        dir.resolve(String.format(java.util.Locale.ROOT, "workflows-%02d.yaml", file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeWorkflows(List<Workflow> workflows, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("workflows:\n");
            for (Workflow w : workflows) {
                out.write("  - { id: " + q(w.id()) + ", name: " + q(w.name()) + ", owner: " + q(w.owner()));
                out.write(
                        w.schedule() instanceof Schedule.Every e
                                ? ", every: " + q(e.written())
                                : ", schedule: " + q(w.schedule().describe()));
                out.write(", timezone: " + q(w.timezone().getId()) + ", grace: "
                        + q(w.grace().toString()));
                if (!w.credentials().isEmpty()) {
                    out.write(", credentials: " + list(w.credentials()));
                }
                if (!w.routes().isEmpty()) {
                    out.write(", notify: "
                            + list(w.routes().stream().map(Route::target).toList()));
                }
                if (w.ping() != null) {
                    out.write(", ping: " + q(w.ping().toString()));
                }
                if (w.source() != null) {
                    out.write(", source: { ");
                    if (w.source().kind() != null) {
                        out.write("kind: " + q(w.source().kind()) + ", ");
                    }
                    out.write("server: " + q(w.source().server()) + ", ref: "
                            + q(w.source().ref()) + " }");
                }
                if (w.paused()) {
                    out.write(", paused: true");
                }
                out.write(" }\n");
            }
        }
    }

    /**
     * The {@code channels:} and {@code sources:} blocks of {@code vigil.yaml} the inventory names:
     * each channel a webhook to a closed port, owned as the inventory says; each pull server an n8n
     * at a closed port, polled hourly, its API key in the file {@code n8n-key} beside vigil.yaml.
     */
    public static String configFor(Inventory inventory) {
        StringBuilder yaml = new StringBuilder("channels:\n");
        for (Map.Entry<String, String> channel : inventory.channelOwners().entrySet()) {
            yaml.append("  ")
                    .append(channel.getKey())
                    .append(": { kind: webhook, url: \"http://127.0.0.1:9/hooks/")
                    .append(channel.getKey())
                    .append('"');
            if (!channel.getValue().isEmpty()) {
                yaml.append(", owner: ").append(q(channel.getValue()));
            }
            yaml.append(" }\n");
        }
        Set<String> servers = new TreeSet<>();
        inventory.workflows().stream()
                .filter(w -> w.source() != null)
                .forEach(w -> servers.add(w.source().server()));
        if (!servers.isEmpty()) {
            yaml.append("sources:\n");
            for (String server : servers) {
                yaml.append("  ")
                        .append(server)
                        .append(
                                ": { kind: n8n, url: \"http://127.0.0.1:9\", api_key: \"${file:n8n-key}\", poll: 1h }\n");
            }
        }
        return yaml.toString();
    }

    private static String list(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(q(values.get(i)));
        }
        return s.append(']').toString();
    }

    private static String q(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
