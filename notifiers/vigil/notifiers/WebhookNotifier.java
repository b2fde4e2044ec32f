package vigil.notifiers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook: JSON {@code {subject, text, topic, resolves, idempotency_key}}, signed with
 * HMAC-SHA256 over the exact body in {@code X-Vigil-Signature: sha256=HEX} when a secret is set.
 */
public final class WebhookNotifier implements Notifier {
    public static final String SIGNATURE = "X-Vigil-Signature";
    public static final String IDEMPOTENCY_KEY = "X-Vigil-Idempotency-Key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> url;
    private final Supplier<String> secret;

    private final java.time.Duration timeout;

    /** {@code secret} may return null: no signature then. */
    public WebhookNotifier(Supplier<String> url, Supplier<String> secret, java.time.Duration timeout) {
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Message message, String destination) {
        ObjectNode json = JSON.createObjectNode()
                .put("subject", message.subject())
                .put("text", message.text())
                .put("topic", message.topic())
                .put("resolves", message.resolves())
                .put("idempotency_key", message.idempotencyKey());
        String body = json.toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(IDEMPOTENCY_KEY, message.idempotencyKey());
        String key = secret.get();
        if (key != null) {
            headers.put(SIGNATURE, "sha256=" + hmac(key, body));
        }
        return HttpPost.json("webhook", url.get(), body, headers, timeout);
    }

    /** Hex HMAC-SHA256 of {@code body} under {@code key}, as a receiver recomputes it. */
    public static String hmac(String key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}
