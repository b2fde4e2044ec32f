package vigil.notifiers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PagerDuty Events API v2: a trigger, or a resolve when the message resolves its topic, with the
 * topic as a stable {@code dedup_key} so the recovery closes the incident the failure opened.
 */
public final class PagerDutyNotifier implements Notifier {
    public static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Supplier<String> routingKey;

    private final java.time.Duration timeout;

    public PagerDutyNotifier(String url, Supplier<String> routingKey, java.time.Duration timeout) {
        this.url = url;
        this.routingKey = routingKey;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Message message, String destination) {
        ObjectNode event = JSON.createObjectNode()
                .put("routing_key", routingKey.get())
                .put("event_action", message.resolves() ? "resolve" : "trigger")
                .put("dedup_key", message.topic());
        if (!message.resolves()) {
            event.putObject("payload")
                    .put("summary", message.subject())
                    .put("source", "vigil")
                    .put("severity", "error")
                    .putObject("custom_details")
                    .put("details", message.text());
        }
        return HttpPost.json("PagerDuty", url, event.toString(), Map.of(), timeout);
    }
}
