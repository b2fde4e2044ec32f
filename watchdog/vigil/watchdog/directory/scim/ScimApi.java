package vigil.watchdog.directory.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.watchdog.config.Config;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.Tokens;

/**
 * {@code /scim/v2/…}: one route on the daemon's server, public there, because SCIM has a bearer
 * token of its own ({@code directory.scim.token_sha256}) and answers every refusal — a missing
 * token included — with a SCIM error body, which the server's scoped routes do not. Without
 * {@code directory.scim} in vigil.yaml every path answers 404. The token is compared by its
 * SHA-256 in constant time and appears in no log and no answer.
 */
public final class ScimApi {
    private static final Logger LOG = LoggerFactory.getLogger(ScimApi.class);
    public static final String PREFIX = "/scim/v2/";
    static final String CONTENT_TYPE = "application/scim+json";

    private final Supplier<Config.Scim> config;
    private final ScimResources resources;
    private final ScimQueries queries;

    public ScimApi(Supplier<Config.Scim> config, ScimResources resources) {
        this.config = config;
        this.resources = resources;
        this.queries = new ScimQueries(resources);
    }

    public ApiServer.Response handle(ApiServer.Request request) {
        try {
            authenticate(request);
            return route(request);
        } catch (ScimError e) {
            return error(e);
        } catch (RuntimeException e) {
            if (uniqueViolation(e)) { // two creates of one userName at once: the index decided
                return error(ScimError.uniqueness("another resource has this unique name"));
            }
            LOG.error(
                    "SCIM {} {} failed: {}",
                    request.method(),
                    request.path(),
                    e.getClass().getName(),
                    e);
            return error(new ScimError(500, null, "internal error; see the daemon's log"));
        }
    }

    private void authenticate(ApiServer.Request request) {
        Config.Scim scim = config.get();
        if (scim == null || scim.tokenSha256() == null) {
            throw ScimError.notFound("SCIM is not configured here (directory.scim in vigil.yaml)");
        }
        String authorization = request.header("Authorization").orElse("");
        byte[] presented = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? Tokens.sha256(authorization.substring(7).trim()).getBytes(StandardCharsets.US_ASCII)
                : new byte[0];
        if (!MessageDigest.isEqual(presented, scim.tokenSha256().getBytes(StandardCharsets.US_ASCII))) {
            throw new ScimError(401, null, "missing or unknown bearer token");
        }
    }

    private ApiServer.Response route(ApiServer.Request request) {
        List<String> path = segments(request.path());
        String method = request.method();
        if (path.isEmpty()) {
            throw ScimError.notFound("no such SCIM endpoint");
        }
        Optional<ResourceType> type = ResourceType.ofEndpoint(path.get(0));
        if (type.isPresent() && path.size() <= 2) {
            return resource(request, method, type.get(), path.size() == 2 ? path.get(1) : null);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ScimError(405, null, "method " + method + " not allowed here");
        }
        return json(200, Discovery.answer(path).orElseThrow(() -> ScimError.notFound("no such SCIM endpoint")));
    }

    private ApiServer.Response resource(ApiServer.Request request, String method, ResourceType type, String id) {
        Rendering rendering = new Rendering(request);
        if (id == null) {
            return switch (method) {
                case "GET", "HEAD" -> json(200, queries.list(type, request, rendering));
                case "POST" -> created(rendering, resources.create(type, ScimJson.object(request.body())));
                default -> throw new ScimError(405, null, "method " + method + " not allowed on /" + type.endpoint);
            };
        }
        return switch (method) {
            case "GET", "HEAD" -> one(200, rendering, queries.get(type, id));
            case "PUT" -> one(200, rendering, resources.replace(type, id, ScimJson.object(request.body())));
            case "PATCH" -> {
                StoredResource patched =
                        resources.patch(type, id, VendorPatch.operations(ScimJson.object(request.body())));
                // Entra ID asks for 204 after a group PATCH (a body of all members is "not advisable");
                // Okta accepts either; a User's PATCH answers the user, as both show.
                yield type == ResourceType.GROUP
                        ? new ApiServer.Response(204, CONTENT_TYPE, new byte[0])
                        : one(200, rendering, patched);
            }
            case "DELETE" -> {
                resources.delete(type, id);
                yield new ApiServer.Response(204, CONTENT_TYPE, new byte[0]);
            }
            default -> throw new ScimError(405, null, "method " + method + " not allowed here");
        };
    }

    private static ApiServer.Response one(int status, Rendering rendering, StoredResource r) {
        return json(status, rendering.resource(r)).withHeader("ETag", Rendering.etag(r));
    }

    private static ApiServer.Response created(Rendering rendering, StoredResource r) {
        return one(201, rendering, r).withHeader("Location", rendering.location(r));
    }

    static ApiServer.Response json(int status, Object body) {
        return new ApiServer.Response(status, CONTENT_TYPE, ScimJson.bytes(body));
    }

    private static ApiServer.Response error(ScimError e) {
        ApiServer.Response answer = json(e.status(), e.body());
        return e.status() == 401 ? answer.withHeader("WWW-Authenticate", "Bearer realm=\"vigil-scim\"") : answer;
    }

    /** The path below /scim/v2/, split at '/', empty segments dropped ({@code /Users/} is {@code /Users}). */
    private static List<String> segments(String path) {
        String rest = path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "";
        List<String> segments = new ArrayList<>();
        Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty()).forEach(segments::add);
        return segments;
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
