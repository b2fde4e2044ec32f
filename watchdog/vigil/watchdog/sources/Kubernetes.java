package vigil.watchdog.sources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import vigil.inventory.Definition;

/**
 * Kubernetes CronJobs (batch/v1) through fabric8's client on the JDK's HTTP client. The ref is
 * {@code namespace/cronjob-name}; its runs are the Jobs whose {@code ownerReferences} name that
 * CronJob (kind CronJob, its uid), found by listing the namespace's Jobs page by page ({@code
 * limit}, {@code continue}): the API filters by neither owner nor time. Vigil's token needs {@code
 * get} on cronjobs and {@code list} on jobs there. A Job's creation time is the watermark
 * (ISO-8601, whole seconds): Jobs created after it are read, and it stays a second below the
 * oldest Job not finished, so that Job is read again until it finishes. Each pull builds its own
 * client from the source's address, token and CA file and closes it, so there is nothing to close
 * between polls.
 *
 * <p>{@link #definitions} lists the CronJobs of the configured namespaces (read by {@link
 * KubernetesDefinitions}); for that the token needs {@code list} on cronjobs there, nothing more.
 */
public final class Kubernetes implements Platform {
    static final int PAGE = 100;

    private final String url;
    private final Supplier<String> token;
    private final Path ca;
    private final Duration timeout;
    private final Duration backoff;
    private final int page;
    private final List<String> namespaces;

    /**
     * @param url the API server, e.g. {@code https://10.0.0.1:6443}
     * @param token the bearer token, asked for at each pull (a token may change)
     * @param ca a PEM file of the CA certificates to trust (null: the JVM's)
     * @param timeout how long one request may take
     * @param backoff the wait before the first retry of a request that may pass (IO, 5xx, 429)
     * @param namespaces where {@link #definitions} looks for CronJobs (none: it reads none)
     */
    public Kubernetes(
            String url, Supplier<String> token, Path ca, Duration timeout, Duration backoff, List<String> namespaces) {
        this(url, token, ca, timeout, backoff, PAGE, namespaces);
    }

    Kubernetes(String url, Supplier<String> token, Path ca, Duration timeout, Duration backoff, int page) {
        this(url, token, ca, timeout, backoff, page, List.of());
    }

    Kubernetes(
            String url,
            Supplier<String> token,
            Path ca,
            Duration timeout,
            Duration backoff,
            int page,
            List<String> namespaces) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.ca = ca;
        this.timeout = timeout;
        this.backoff = backoff;
        this.page = page;
        this.namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }

    /**
     * The CronJobs (batch/v1) of each configured namespace, listed page by page ({@code limit},
     * {@code continue}), each as {@link KubernetesDefinitions} reads it. Only the CronJobs'
     * own spec is read — the Secrets its pods use are named, never fetched — so {@code list} on
     * cronjobs is all the token needs. Cost: one request per {@value #PAGE} CronJobs per namespace.
     */
    @Override
    public List<Definition> definitions(String source) throws SourceException {
        List<Definition> definitions = new ArrayList<>();
        try (KubernetesClient client = client()) {
            for (String namespace : namespaces) {
                pages(
                        options -> client.batch()
                                .v1()
                                .cronjobs()
                                .inNamespace(namespace)
                                .list(options),
                        cronJob -> definitions.add(KubernetesDefinitions.of(source, cronJob)));
            }
        } catch (KubernetesClientException e) {
            throw failure(e);
        }
        return definitions;
    }

    @Override
    public Pull pull(String ref, String watermark) throws SourceException {
        int slash = ref.indexOf('/');
        if (slash <= 0 || slash == ref.length() - 1 || ref.indexOf('/', slash + 1) >= 0) {
            throw new SourceException(
                    SourceException.Kind.NOT_FOUND, "Kubernetes: the ref '" + ref + "' is not namespace/cronjob-name");
        }
        String namespace = ref.substring(0, slash);
        String name = ref.substring(slash + 1);
        Instant after;
        try {
            after = watermark == null ? null : Instant.parse(watermark);
        } catch (DateTimeParseException e) {
            after = null; // not one of ours: read from the start, the store keeps each run once
        }
        try (KubernetesClient client = client()) {
            CronJob cronJob = client.batch()
                    .v1()
                    .cronjobs()
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            if (cronJob == null) {
                throw new SourceException(
                        SourceException.Kind.NOT_FOUND,
                        "Kubernetes at " + url + " has no CronJob " + ref + " (HTTP 404)");
            }
            String uid =
                    cronJob.getMetadata() == null ? null : cronJob.getMetadata().getUid();
            if (uid == null) {
                throw new SourceException(
                        SourceException.Kind.MALFORMED, "Kubernetes at " + url + " gave CronJob " + ref + " no uid");
            }
            List<Job> owned = new ArrayList<>();
            pages(options -> client.batch().v1().jobs().inNamespace(namespace).list(options), job -> {
                if (ownedBy(job, name, uid)) {
                    owned.add(job);
                }
            });
            return pull(owned, after);
        } catch (KubernetesClientException e) {
            throw failure(e);
        }
    }

    /** Each item of a list the API server pages by {@code limit} and {@code continue}, page after page. */
    private <T extends HasMetadata> void pages(
            Function<ListOptions, ? extends KubernetesResourceList<T>> list, Consumer<T> each) throws SourceException {
        String cursor = null;
        do {
            KubernetesResourceList<T> answer = list.apply(new ListOptionsBuilder()
                    .withLimit((long) page)
                    .withContinue(cursor)
                    .build());
            for (T item : answer.getItems() == null ? List.<T>of() : answer.getItems()) {
                each.accept(item);
            }
            String next =
                    answer.getMetadata() == null ? null : answer.getMetadata().getContinue();
            if (next != null && next.equals(cursor)) {
                throw new SourceException(
                        SourceException.Kind.MALFORMED, "Kubernetes at " + url + " gave the same continue token twice");
            }
            cursor = next == null || next.isEmpty() ? null : next;
        } while (cursor != null);
    }

    private Pull pull(List<Job> owned, Instant after) throws SourceException {
        record Seen(Instant created, PulledRun run, boolean pending) {}
        List<Seen> seen = new ArrayList<>();
        for (Job job : owned) {
            Instant created = instant(job.getMetadata().getCreationTimestamp());
            if (created == null) {
                throw new SourceException(
                        SourceException.Kind.MALFORMED, "Kubernetes at " + url + " gave a Job no creationTimestamp");
            }
            if (after == null || created.isAfter(after)) {
                PulledRun run = run(job);
                seen.add(new Seen(created, run, run == null || !run.done()));
            }
        }
        seen.sort(Comparator.comparing(Seen::created));
        Instant next = seen.stream()
                .filter(Seen::pending)
                .map(s -> s.created().minusSeconds(1))
                .findFirst()
                .orElse(seen.isEmpty() ? after : seen.get(seen.size() - 1).created());
        List<PulledRun> runs =
                seen.stream().map(Seen::run).filter(Objects::nonNull).toList();
        return new Pull(runs, next == null ? null : next.toString());
    }

    private static boolean ownedBy(Job job, String name, String uid) {
        if (job.getMetadata() == null || job.getMetadata().getOwnerReferences() == null) {
            return false;
        }
        for (OwnerReference owner : job.getMetadata().getOwnerReferences()) {
            if ("CronJob".equals(owner.getKind()) && name.equals(owner.getName()) && uid.equals(owner.getUid())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A Job as a run: condition {@code Complete} (or, from Kubernetes 1.31, {@code
     * SuccessCriteriaMet}) true → success, finished at {@code completionTime}; {@code Failed} (or
     * {@code FailureTarget}) true → fail, finished when the condition became true, the condition's
     * reason and message as the body; otherwise a start. It started at {@code startTime}, else at
     * its creation. A Job suspended that never started is no run (null) yet.
     */
    static PulledRun run(Job job) throws SourceException {
        JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
        String id = job.getMetadata().getUid();
        Instant started = instant(status.getStartTime());
        if (started == null) {
            started = instant(job.getMetadata().getCreationTimestamp());
        }
        JobCondition failed = condition(status, "Failed");
        if (failed == null) {
            failed = condition(status, "FailureTarget");
        }
        JobCondition complete = condition(status, "Complete");
        if (complete == null) {
            complete = condition(status, "SuccessCriteriaMet");
        }
        if (failed != null) {
            return new PulledRun(id, PulledRun.FAIL, started, instant(failed.getLastTransitionTime()), failure(failed));
        }
        if (complete != null) {
            Instant finished = instant(status.getCompletionTime());
            return new PulledRun(
                    id,
                    PulledRun.SUCCESS,
                    started,
                    finished != null ? finished : instant(complete.getLastTransitionTime()),
                    null);
        }
        boolean suspended =
                job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend());
        if (suspended && status.getStartTime() == null) {
            return null;
        }
        return new PulledRun(id, PulledRun.STARTED, started, null, null);
    }

    private static JobCondition condition(JobStatus status, String type) {
        if (status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst()
                .orElse(null);
    }

    /** "Kubernetes BackoffLimitExceeded: Job has reached the specified backoff limit". */
    private static String failure(JobCondition c) {
        StringBuilder b = new StringBuilder("Kubernetes ")
                .append(c.getReason() == null || c.getReason().isEmpty() ? c.getType() : c.getReason());
        if (c.getMessage() != null && !c.getMessage().isEmpty()) {
            b.append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    private static Instant instant(String text) throws SourceException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, "Kubernetes gave a time that is not RFC 3339");
        }
    }

    /**
     * A client for this pull: only what is given here (no kubeconfig, service account or
     * environment), the JDK's HTTP client, and no request logging — fabric8 logs request headers,
     * the token among them, when its HTTP logger is at TRACE.
     */
    private KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withAutoConfigure(false)
                .withMasterUrl(url)
                .withOauthToken(token.get())
                .withCaCertFile(ca == null ? null : ca.toString())
                .withRequestTimeout((int) timeout.toMillis())
                .withConnectionTimeout((int) Math.min(timeout.toMillis(), 10_000))
                .withRequestRetryBackoffLimit(2)
                .withRequestRetryBackoffInterval((int) backoff.toMillis())
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("HttpLogging", null))
                .build();
    }

    /** fabric8's failure in Vigil's terms, in words of our own: its messages carry the request URI. */
    private SourceException failure(KubernetesClientException e) {
        int code = e.getCode();
        String at = "Kubernetes at " + url;
        if (code == 401 || code == 403) {
            return new SourceException(
                    SourceException.Kind.AUTH, at + " refused Vigil's credentials (HTTP " + code + ")");
        }
        if (code == 429) {
            Status status = e.getStatus();
            Integer after = status == null || status.getDetails() == null
                    ? null
                    : status.getDetails().getRetryAfterSeconds();
            return new SourceException(
                    SourceException.Kind.RATE_LIMITED,
                    at + " asked Vigil to slow down (HTTP 429" + (after == null ? "" : ", retry after " + after + " s")
                            + ")");
        }
        if (code == 404) {
            return new SourceException(SourceException.Kind.NOT_FOUND, at + " does not know it (HTTP 404)");
        }
        if (code > 0) {
            return new SourceException(SourceException.Kind.UNREACHABLE, at + " answered HTTP " + code);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.core.JacksonException
                    || t instanceof com.fasterxml.jackson.core.JacksonException) {
                return new SourceException(
                        SourceException.Kind.MALFORMED, at + " answered with JSON Vigil cannot read");
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return new SourceException(
                        SourceException.Kind.UNREACHABLE, at + " did not answer within " + timeout.toSeconds() + " s");
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            return new SourceException(SourceException.Kind.UNREACHABLE, "interrupted");
        }
        Throwable io = null;
        for (Throwable t = e; t != null && io == null; t = t.getCause()) {
            if (t instanceof IOException && t.getClass() != IOException.class) {
                io = t; // the first that says what happened: fabric8 wraps it in plain IOExceptions
            }
        }
        return new SourceException(
                SourceException.Kind.UNREACHABLE,
                at + " unreachable: " + (io == null ? e : io).getClass().getSimpleName());
    }
}
