package vigil.watchdog.alert;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import vigil.inventory.Route;
import vigil.notifiers.EmailNotifier;
import vigil.notifiers.HttpPost;
import vigil.notifiers.Notifier;
import vigil.notifiers.PagerDutyNotifier;
import vigil.notifiers.SlackNotifier;
import vigil.notifiers.WebhookNotifier;
import vigil.watchdog.config.Config;

/**
 * Which notifier delivers to a destination, as the current configuration says: mail (SMTP or a
 * directory) for an address, and the channel's kind — Slack, webhook, PagerDuty — for
 * {@code channel:NAME}. Secrets are revealed only when a notifier sends.
 */
public final class Destinations {
    private final Supplier<Config> config;
    private final Clock clock;
    private final AtomicReference<EmailNotifier> email;

    public Destinations(Supplier<Config> config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.email = new AtomicReference<>(emailNotifier(config.get(), clock));
    }

    /** After a reload: the mail settings may have changed. */
    public void reload(Config next) {
        email.set(emailNotifier(next, clock));
    }

    /** The notifier for mail, as vigil.yaml's mail section says: SMTP or a directory of .eml files. */
    static EmailNotifier emailNotifier(Config config, Clock clock) {
        Config.Mail mail = config.mail();
        if (mail.transport().equals("smtp") && mail.smtp() != null) {
            Config.Smtp smtp = mail.smtp();
            return new EmailNotifier(
                    new EmailNotifier.Settings(
                            mail.from(),
                            null,
                            smtp.host(),
                            smtp.port(),
                            smtp.starttls().equals("required"),
                            smtp.username(),
                            () -> smtp.password() == null ? "" : smtp.password().reveal(),
                            smtp.ehlo(),
                            smtp.ca()),
                    clock);
        }
        return new EmailNotifier(EmailNotifier.Settings.directory(mail.from(), mail.directory()), clock);
    }

    /** The notifier for a destination: mail for an address, the channel's kind for channel:NAME. */
    public Optional<Notifier> notifierFor(String destination) {
        Optional<Route> route = Route.parse(destination);
        if (route.isEmpty()) {
            return Optional.empty();
        }
        if (route.get() instanceof Route.Email) {
            return Optional.of(email.get());
        }
        Config.Channel channel = config.get().channels().get(((Route.Channel) route.get()).name());
        if (channel == null) {
            return Optional.empty();
        }
        java.util.function.Supplier<String> url =
                () -> channel.url() == null ? null : channel.url().reveal();
        java.util.function.Supplier<String> secret =
                () -> channel.secret() == null ? null : channel.secret().reveal();
        return Optional.of(
                switch (channel.kind()) {
                    case "slack" -> new SlackNotifier(url, HttpPost.TIMEOUT);
                    case "pagerduty" ->
                        new PagerDutyNotifier(
                                channel.url() == null
                                        ? PagerDutyNotifier.EVENTS_URL
                                        : channel.url().reveal(),
                                secret,
                                HttpPost.TIMEOUT);
                    default -> new WebhookNotifier(url, secret, HttpPost.TIMEOUT);
                });
    }
}
