package vigil.watchdog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vigil.inventory.Secret;
import vigil.inventory.load.InventoryContext;

/** A validated {@code vigil.yaml}. Paths are absolute; secrets are {@link Secret}s. */
public record Config(
        Path file,
        Path stateDir,
        Database database,
        String listenHost,
        int listenPort,
        Path inventory,
        ZoneId timezone,
        Secret pingKey,
        int pingBodyLimit,
        Duration evaluateEvery,
        List<ApiToken> apiTokens,
        Mail mail,
        Summary summary,
        Map<String, Channel> channels,
        Map<String, SourceServer> sources,
        boolean metricsPerWorkflow,
        Directory directory) {

    public record Database(String url, String user, Secret password) {}

    /** The directories Vigil learns who is active from (docs/directory.md); either may be null. */
    public record Directory(Scim scim, Ldap ldap) {
        public static final Directory NONE = new Directory(null, null);
    }

    /** Vigil as a SCIM 2.0 service provider at /scim/v2, for the bearer token of this SHA-256 (hex). */
    public record Scim(String tokenSha256) {}

    /**
     * An LDAP directory read every {@code poll}: people under {@code users} (matching {@code
     * userFilter}, else a default by server kind), groups under {@code groups}; {@code
     * disabledFilter} says which people are disabled (Active Directory: {@code userAccountControl}
     * bit 2 by default). {@code ca}: a PEM file to trust for ldaps:// (null: the JVM's).
     */
    public record Ldap(
            String url,
            String bindDn,
            Secret password,
            String users,
            String groups,
            String userFilter,
            String groupFilter,
            String disabledFilter,
            Path ca,
            Duration poll) {}

    public record ApiToken(String name, String sha256, Scope scope) {}

    public enum Scope {
        READ,
        ADMIN
    }

    public record Mail(String from, String transport, Path directory, Smtp smtp) {}

    /**
     * {@code ehlo}: the name Vigil greets the server with (null: this host's name); {@code ca}: a PEM
     * file of the CA certificates to trust for STARTTLS instead of the JVM's (null: the JVM's).
     */
    public record Smtp(
            String host, int port, String starttls, String username, Secret password, String ehlo, Path ca) {}

    public record Summary(String cron, String fallback) {}

    public record Channel(String kind, Secret url, Secret secret, String owner) {}

    /**
     * A platform Vigil pulls run history from. Which of the credentials is set depends on the kind:
     * n8n {@code apiKey}; Airflow {@code username} + {@code password}; GitHub {@code token};
     * Jenkins {@code username} + {@code token}; Kubernetes {@code token} (+ {@code ca}, a PEM file).
     * {@code repos} (GitHub) and {@code namespaces} (Kubernetes) narrow what is read; {@code
     * unstableSucceeds}: Jenkins UNSTABLE counts as success. {@code owner}: who hears of Vigil's own
     * trouble with the source (null: the summary fallback).
     */
    public record SourceServer(
            String kind,
            String url,
            Secret apiKey,
            String username,
            Secret password,
            Secret token,
            List<String> repos,
            Path ca,
            List<String> namespaces,
            boolean unstableSucceeds,
            String owner,
            Duration poll) {
        public static final List<String> KINDS = List.of("n8n", "airflow", "github", "jenkins", "kubernetes");

        /** An n8n source: the fields the other kinds use are empty. */
        public static SourceServer n8n(String url, Secret apiKey, Duration poll) {
            return new SourceServer(
                    "n8n", url, apiKey, null, null, null, List.of(), null, List.of(), false, null, poll);
        }
    }

    /**
     * What is valid but unwise, one sentence each: {@code validate} prints these and the daemon
     * logs them at start.
     */
    public java.util.List<String> warnings() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        Smtp smtp = mail.smtp();
        if (mail.transport().equals("smtp")
                && smtp != null
                && smtp.password() != null
                && smtp.starttls().equals("off")) {
            warnings.add("mail.smtp: starttls is off, so the SMTP password crosses the network in plain text;"
                    + " set starttls: required");
        }
        return warnings;
    }

    public Path cliTokenFile() {
        return stateDir.resolve("cli-token");
    }

    public String baseUrl() {
        String host = listenHost.contains(":") ? "[" + listenHost + "]" : listenHost;
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + listenPort;
    }

    /** What the inventory may refer to: channels (with owners) and source servers defined here. */
    public InventoryContext inventoryContext() {
        Map<String, String> owners = channels.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().owner() == null ? "" : e.getValue().owner()));
        return new InventoryContext(owners, Set.copyOf(sources.keySet()), timezone);
    }
}
