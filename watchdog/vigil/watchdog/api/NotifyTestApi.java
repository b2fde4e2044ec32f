package vigil.watchdog.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import vigil.inventory.Route;
import vigil.notifiers.Message;
import vigil.notifiers.Notifier;
import vigil.notifiers.Outcome;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;
import vigil.watchdog.render.Html;

/**
 * {@code POST /api/v1/notify-test?destination=…}: a test message to one destination through its
 * real notifier, now, and how it went — so an admin can check a route before relying on it.
 */
public final class NotifyTestApi {
    private final Function<String, Optional<Notifier>> notifiers;
    private final Clock clock;

    public NotifyTestApi(Function<String, Optional<Notifier>> notifiers, Clock clock) {
        this.notifiers = notifiers;
        this.clock = clock;
    }

    public ApiServer.Response send(ApiServer.Request request) {
        String destination = request.param("destination")
                .orElseThrow(() -> new HttpError(400, "name a destination: ?destination=EMAIL|channel:NAME"));
        Optional<Notifier> notifier = Route.parse(destination)
                .filter(r -> r instanceof Route.Channel || destination.contains("@"))
                .flatMap(r -> notifiers.apply(r.target()));
        if (notifier.isEmpty()) {
            throw new HttpError(
                    404,
                    "no such destination '" + destination
                            + "' (an email address, or channel:NAME for a channel in vigil.yaml)");
        }
        String subject = "[vigil] test message";
        String text = "This is a test message from Vigil, sent with 'vigil notify-test' at " + clock.instant()
                + ".\nIf you can read it, alerts routed to " + destination + " arrive.";
        String html = Html.page(subject, text, Html.section(Html.escape(text).replace("\n", "<br>")));
        Outcome outcome = notifier.get()
                .send(
                        new Message(
                                subject,
                                text,
                                html,
                                "test-" + clock.instant().toEpochMilli(),
                                "vigil/notify-test",
                                false),
                        destination);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("destination", destination);
        body.put("delivered", outcome instanceof Outcome.Delivered);
        if (outcome instanceof Outcome.Retry r) {
            body.put("error", r.reason());
            body.put("permanent", false);
        } else if (outcome instanceof Outcome.Permanent p) {
            body.put("error", p.reason());
            body.put("permanent", true);
        }
        return ApiServer.Response.json(200, body);
    }
}
