package vigil.watchdog.sources;

import static vigil.watchdog.sources.GitHubDefinitions.text;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import vigil.inventory.Definition.PlatformRoute;

/**
 * Where a workflow file's steps send word of a failure: the routes of {@link GitHubDefinitions}.
 * A step counts when its {@code if:}, or its job's, calls {@code failure()} or {@code always()}
 * (not negated): GitHub runs a step without one only while nothing failed. The actions read, by
 * the inputs they document:
 *
 * <ul>
 *   <li>{@code dawidd6/action-send-mail}: {@code to}, {@code cc}, {@code bcc} (comma-separated,
 *       {@code Name <address>} or bare).
 *   <li>{@code slackapi/slack-github-action}: v1's {@code channel-id} (comma-separated), else the
 *       {@code channel} of v2's {@code payload}; without either, v2's {@code webhook} or v1's
 *       {@code SLACK_WEBHOOK_URL}.
 *   <li>{@code rtCamp/action-slack-notify}: {@code SLACK_CHANNEL}, else the {@code SLACK_WEBHOOK}.
 *   <li>{@code 8398a7/action-slack}: {@code channel}, else the {@code SLACK_WEBHOOK_URL}.
 * </ul>
 *
 * Environment variables are the step's, else its job's, else the workflow's. A webhook given as a
 * secret is {@code webhook:hooks.slack.com}, where Slack's incoming webhooks and workflow triggers
 * live — which channel it posts to is Slack's to know; a literal one is its host. A recipient
 * written as an expression is a problem, naming the secret it hides in if it is one.
 */
final class GitHubNotifyingSteps {
    private static final Pattern ONLY_SECRET = Pattern.compile(
            "\\$\\{\\{\\s*secrets\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*'([^']*)'\\s*\\])\\s*}}");
    private static final Pattern ON_FAILURE = Pattern.compile("(?<!!\\s{0,20})\\b(?:failure|always)\\s*\\(\\s*\\)");
    private static final Pattern PAYLOAD_CHANNEL = Pattern.compile(
            "(?m)(?:^|[{,\\s])[\"']?channel[\"']?\\s*:\\s*(?:\"([^\"]*)\"|'([^']*)'|(\\$\\{\\{.*?}}|[^,}\\n]+))");
    private static final Pattern SLACK_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");

    private final Set<PlatformRoute> routes;
    private final List<String> problems;

    GitHubNotifyingSteps(Set<PlatformRoute> routes, List<String> problems) {
        this.routes = routes;
        this.problems = problems;
    }

    /** Adds the routes of every notifying step of the workflow {@code root} to those given. */
    void read(JsonNode root) {
        JsonNode jobs = root.get("jobs");
        if (jobs == null || !jobs.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> job : jobs.properties()) {
            JsonNode steps = job.getValue().get("steps");
            if (steps == null || !steps.isArray()) {
                continue;
            }
            String jobIf = text(job.getValue().get("if"));
            int n = 0;
            for (JsonNode step : steps) {
                n++;
                String uses = text(step.get("uses"));
                String action =
                        uses == null ? "" : uses.replaceFirst("@.*$", "").toLowerCase(Locale.ROOT);
                String stepIf = text(step.get("if"));
                String condition = onFailure(stepIf) ? stepIf : onFailure(jobIf) ? jobIf : null;
                if (condition == null || !step.isObject()) {
                    continue;
                }
                String stepName = text(step.get("name"));
                String where = "job '" + job.getKey() + "', step '"
                        + (stepName != null ? stepName : uses != null ? uses : "#" + n) + "' (if: "
                        + condition.trim() + ")";
                notifies(new Step(root, job.getValue(), step, where), action);
            }
        }
    }

    /** What a step of a known notifying action sends to, by its documented inputs. */
    private void notifies(Step s, String action) {
        if (uses(action, "dawidd6/action-send-mail")) {
            for (String field : List.of("to", "cc", "bcc")) {
                s.recipients(
                        s.with(field), "mail address", t -> MailAddress.of(t).orElse(null));
            }
        } else if (uses(action, "slackapi/slack-github-action")) {
            String channels = s.with("channel-id") != null ? s.with("channel-id") : payloadChannel(s.with("payload"));
            s.slack(channels, s.with("webhook") != null ? s.with("webhook") : s.env("SLACK_WEBHOOK_URL"));
        } else if (uses(action, "rtcamp/action-slack-notify")) {
            s.slack(s.env("SLACK_CHANNEL"), s.env("SLACK_WEBHOOK"));
        } else if (uses(action, "8398a7/action-slack")) {
            s.slack(s.with("channel"), s.env("SLACK_WEBHOOK_URL"));
        }
    }

    /** Whether an action reference ({@code owner/repo[/path]}, lower case) is of that repository. */
    private static boolean uses(String action, String repository) {
        return action.equals(repository) || action.startsWith(repository + "/");
    }

    private static boolean onFailure(String condition) {
        return condition != null && ON_FAILURE.matcher(condition).find();
    }

    /** The {@code channel} of a Slack payload written as JSON or YAML, or null. */
    private static String payloadChannel(String payload) {
        if (payload == null) {
            return null;
        }
        Matcher m = PAYLOAD_CHANNEL.matcher(payload);
        if (!m.find()) {
            return null;
        }
        return (m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3)).trim();
    }

    /** A step that notifies, with where it is in words. */
    private final class Step {
        private final JsonNode root;
        private final JsonNode job;
        private final JsonNode step;
        private final String where;

        Step(JsonNode root, JsonNode job, JsonNode step, String where) {
            this.root = root;
            this.job = job;
            this.step = step;
            this.where = where;
        }

        String with(String input) {
            return text(step.path("with").get(input));
        }

        /** An environment variable as the step sees it: its own, else its job's, else the workflow's. */
        String env(String name) {
            for (JsonNode scope : List.of(step, job, root)) {
                String value = text(scope.path("env").get(name));
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        /** Channels when named, else the webhook; neither is a problem. */
        void slack(String channels, String webhook) {
            if (channels != null && !channels.isBlank()) {
                recipients(channels, "Slack channel", GitHubNotifyingSteps::slack);
            } else if (webhook != null && !webhook.isBlank()) {
                webhook(webhook.trim());
            } else {
                problems.add(where + " posts to Slack, but names neither a channel nor a webhook Vigil can find");
            }
        }

        private void webhook(String webhook) {
            Matcher secret = ONLY_SECRET.matcher(webhook);
            if (secret.matches()) {
                routes.add(new PlatformRoute(
                        "webhook:hooks.slack.com", where + " (webhook URL in secret " + secret(secret) + ")"));
                return;
            }
            if (webhook.contains("${{")) {
                problems.add(where + " posts to a Slack webhook given as '" + webhook
                        + "', an expression Vigil cannot resolve");
                return;
            }
            try {
                String host = URI.create(webhook).getHost();
                if (host != null) {
                    routes.add(new PlatformRoute("webhook:" + host.toLowerCase(Locale.ROOT), where));
                    return;
                }
            } catch (IllegalArgumentException e) {
                // said below
            }
            problems.add(where + " posts to a Slack webhook that is not an address");
        }

        /** Each comma-separated recipient as a route, or a problem saying why it is none. */
        void recipients(String list, String what, Function<String, String> target) {
            if (list == null) {
                return;
            }
            for (String part : split(list)) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.contains("${{")) {
                    Matcher secret = ONLY_SECRET.matcher(p);
                    problems.add(
                            secret.matches()
                                    ? where + " sends to a " + what + " hidden in secret " + secret(secret)
                                    : where + " sends to " + what + " '" + p + "', an expression Vigil cannot resolve");
                    continue;
                }
                String t = target.apply(p);
                if (t == null) {
                    problems.add(where + " sends to '" + p + "', which is not a " + what);
                } else {
                    routes.add(new PlatformRoute(t, where));
                }
            }
        }
    }

    private static String secret(Matcher onlySecret) {
        return (onlySecret.group(1) != null ? onlySecret.group(1) : onlySecret.group(2)).toUpperCase(Locale.ROOT);
    }

    /** {@code slack:#name}, or {@code slack:ID} for a channel id ({@code C0123ABCD}). */
    private static String slack(String channel) {
        String c = channel.trim();
        if (c.startsWith("#") && c.length() > 1) {
            return "slack:" + c;
        }
        return SLACK_ID.matcher(c).matches() ? "slack:" + c : "slack:#" + c;
    }

    /** Splits at commas outside {@code ${{ }}}. */
    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            if (list.startsWith("${{", i)) {
                depth++;
                i += 2;
            } else if (depth > 0 && list.startsWith("}}", i)) {
                depth--;
                i++;
            } else if (depth == 0 && list.charAt(i) == ',') {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }
}
