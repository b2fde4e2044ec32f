package vigil.notifiers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Supplier;

/** A Slack incoming webhook: the message's text as one post. The URL is the secret. */
public final class SlackNotifier implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> url;
    private final java.time.Duration timeout;

    public SlackNotifier(Supplier<String> url, java.time.Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Message message, String destination) {
        ObjectNode body = JSON.createObjectNode().put("text", "*" + message.subject() + "*\n" + message.text());
        return HttpPost.json("Slack webhook", url.get(), body.toString(), Map.of(), timeout);
    }
}
