package vigil.watchdog.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vigil.inventory.load.Located;
import vigil.inventory.load.YamlMap;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/** {@code mail:} (a directory of .eml files by default, or SMTP) and {@code summary:}. */
final class MailSection {
    static final String DEFAULT_FROM = "vigil@localhost";
    static final String DEFAULT_SUMMARY_CRON = "0 9 * * MON";

    private MailSection() {}

    static Config.Mail mail(Optional<YamlMap> m, Path stateDir, Reading r) {
        if (m.isEmpty()) {
            return new Config.Mail(DEFAULT_FROM, "directory", stateDir.resolve("mail"), null);
        }
        YamlMap mail = m.get();
        mail.allowOnly(List.of("from", "transport", "directory", "smtp"));
        String from = mail.string("from").map(Located::value).orElse(DEFAULT_FROM);
        String transport = mail.string("transport").map(Located::value).orElse("directory");
        if (!transport.equals("directory") && !transport.equals("smtp")) {
            mail.problem("transport", "unknown transport '" + transport + "' (use directory or smtp)");
        }
        Path directory = mail.has("directory") ? r.path(mail, "directory", "") : stateDir.resolve("mail");
        Optional<YamlMap> s = mail.map("smtp");
        if (s.isEmpty() && transport.equals("smtp")) {
            mail.problem("transport", "transport smtp needs an 'smtp' section with at least 'host'");
        }
        return new Config.Mail(
                from, transport, directory, s.map(sm -> smtp(sm, r)).orElse(null));
    }

    private static Config.Smtp smtp(YamlMap sm, Reading r) {
        sm.allowOnly(List.of("host", "port", "starttls", "username", "password", "ehlo", "ca"));
        sm.require("host");
        int port = sm.string("port").map(p -> r.integer(p, 1, 65535)).orElse(587);
        String starttls = sm.string("starttls").map(Located::value).orElse("required");
        if (!starttls.equals("required") && !starttls.equals("off")) {
            sm.problem("starttls", "expected required or off, found '" + starttls + "'");
        }
        return new Config.Smtp(
                sm.string("host").map(Located::value).orElse(null),
                port,
                starttls,
                sm.string("username").map(Located::value).orElse(null),
                r.secrets.secret(sm, "password"),
                sm.string("ehlo").map(e -> ehlo(e, sm)).orElse(null),
                sm.has("ca") ? r.caFile(sm) : null);
    }

    /** The CA file must hold at least one PEM certificate: a typo is found now, not at 02:00. */
    /** A host name to greet with: letters, digits, dots and hyphens, or an address literal. */
    private static String ehlo(Located<String> name, YamlMap sm) {
        String value = name.value();
        if (!value.matches("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+\\]")) {
            sm.problem("ehlo", "expected a host name like mail.example.com, found '" + value + "'");
        }
        return value;
    }

    static Config.Summary summary(Optional<YamlMap> m) {
        if (m.isEmpty()) {
            return new Config.Summary(DEFAULT_SUMMARY_CRON, null);
        }
        m.get().allowOnly(List.of("cron", "fallback"));
        String cron = m.get().string("cron").map(Located::value).orElse(DEFAULT_SUMMARY_CRON);
        try {
            CronExpression.parse(cron);
        } catch (InvalidCronException e) {
            m.get().problem("cron", "invalid cron expression '" + cron + "': " + e.getMessage());
        }
        return new Config.Summary(
                cron,
                m.get()
                        .string("fallback")
                        .map(l -> l.value().toLowerCase(Locale.ROOT))
                        .orElse(null));
    }
}
