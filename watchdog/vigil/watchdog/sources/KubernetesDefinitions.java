package vigil.watchdog.sources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;
import vigil.inventory.load.Durations;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/**
 * A CronJob (batch/v1, kubernetes.io/docs/reference/kubernetes-api/workload-resources/cron-job-v1/)
 * as a {@link Definition}; ref {@code namespace/name}, as pulling reads it:
 *
 * <ul>
 *   <li>schedule: {@code spec.schedule} as the CronJob controller reads it ("CronJob",
 *       kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/, and the robfig/cron parser
 *       it uses): 5 fields, {@code ?} meaning {@code *}; the macros {@code @yearly @annually
 *       @monthly @weekly @daily @midnight @hourly} as the crons they stand for; {@code @every D}
 *       (which the parser takes though the docs do not name it) as {@code every D}. A zone written
 *       into the schedule ({@code CRON_TZ=}, {@code TZ=}) was never supported and is refused on new
 *       CronJobs since 1.29: a problem, though the controller still runs it so and it is read so.
 *   <li>timezone: {@code spec.timeZone}; absent, the controller manager's own zone (null).
 *   <li>paused: {@code spec.suspend}.
 *   <li>owner: the annotation {@value #OWNER}, a mail address; anything else is a problem.
 *   <li>routes: the annotation {@value #NOTIFY}, comma-separated mail addresses or {@code
 *       slack:#channel}, {@code teams:NAME}, {@code webhook:HOST}.
 *   <li>credentials: the Secrets the Job's pod uses, each {@code namespace/name} with how — from
 *       its containers' and init containers' {@code env[].valueFrom.secretKeyRef} and {@code
 *       envFrom[].secretRef}, its {@code secret} and {@code projected} volumes and its {@code
 *       imagePullSecrets}. Only the CronJob is read: no Secret is ever fetched.
 * </ul>
 */
final class KubernetesDefinitions {
    static final String OWNER = "vigil.dev/owner";
    static final String NOTIFY = "vigil.dev/notify";

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final Pattern ZONE_IN_SCHEDULE = Pattern.compile("(CRON_TZ|TZ)=(\\S+)\\s+(.*)", Pattern.DOTALL);
    /** A Go duration ({@code time.ParseDuration}): {@code 90m}, {@code 1h30m}, {@code 1.5h}. */
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private static final Pattern ROUTE_SCHEME = Pattern.compile("(slack|teams|webhook):\\S+");

    private final List<String> problems = new ArrayList<>();

    private KubernetesDefinitions() {}

    static Definition of(String source, CronJob cronJob) {
        return new KubernetesDefinitions().read(source, cronJob);
    }

    private Definition read(String source, CronJob cronJob) {
        ObjectMeta meta = cronJob.getMetadata() == null ? new ObjectMeta() : cronJob.getMetadata();
        CronJobSpec spec = cronJob.getSpec() == null ? new CronJobSpec() : cronJob.getSpec();
        String namespace = meta.getNamespace();
        String timezone = zone(spec.getTimeZone());
        List<String> schedules = new ArrayList<>();
        String zoneInSchedule = schedule(spec.getSchedule(), schedules);
        if (zoneInSchedule != null && timezone == null) {
            timezone = zone(zoneInSchedule);
        }
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        return new Definition(
                source,
                namespace + "/" + meta.getName(),
                meta.getName(),
                schedules,
                timezone,
                Boolean.TRUE.equals(spec.getSuspend()),
                owner(annotations.get(OWNER)),
                credentials(namespace, pod(spec)),
                routes(annotations.get(NOTIFY)),
                problems);
    }

    /**
     * Reads {@code spec.schedule} into {@code schedules}; returns the zone a {@code CRON_TZ=} or
     * {@code TZ=} prefix names, or null.
     */
    private String schedule(String schedule, List<String> schedules) {
        if (schedule == null || schedule.isBlank()) {
            problems.add("spec.schedule is empty");
            return null;
        }
        String text = schedule.trim();
        String zone = null;
        Matcher tz = ZONE_IN_SCHEDULE.matcher(text);
        if (tz.matches()) {
            zone = tz.group(2);
            text = tz.group(3).trim();
            problems.add("spec.schedule '" + schedule + "' names its time zone with " + tz.group(1)
                    + "=, which Kubernetes never supported and refuses on new CronJobs since 1.29 (set"
                    + " spec.timeZone instead); read in " + zone + ", as the controller still runs it");
        }
        if (text.startsWith("@every ")) {
            every(schedule, text.substring("@every ".length()).trim()).ifPresent(schedules::add);
            return zone;
        }
        String cron =
                text.startsWith("@") ? MACROS.get(text) : text.replace('?', '*').replaceAll("\\s+", " ");
        if (cron == null) {
            problems.add("spec.schedule '" + schedule + "' is a macro Kubernetes does not know");
            return zone;
        }
        try {
            CronExpression.parse(cron);
            schedules.add(cron);
        } catch (InvalidCronException e) {
            problems.add("spec.schedule '" + schedule + "' is not a cron Vigil can read: " + e.getMessage());
        }
        return zone;
    }

    /**
     * {@code @every D} as {@code every D}: the parser keeps whole seconds of D and at least one, as
     * Vigil's intervals do.
     */
    private Optional<String> every(String schedule, String duration) {
        Matcher part = GO_DURATION_PART.matcher(duration);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            BigDecimal unit = BigDecimal.valueOf(
                    switch (part.group(2)) {
                        case "ns" -> 1L;
                        case "us", "µs", "μs" -> 1_000L;
                        case "ms" -> 1_000_000L;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        default -> 3_600_000_000_000L;
                    });
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unit));
            end = part.end();
        }
        if (end == 0 || end != duration.length()) {
            problems.add("spec.schedule '" + schedule + "' has an interval that is not a duration");
            return Optional.empty();
        }
        long seconds = Math.max(1, nanos.movePointLeft(9).longValue());
        if (Duration.ofSeconds(seconds).compareTo(Durations.MAX_EVERY) > 0) {
            problems.add("spec.schedule '" + schedule + "' is longer than Vigil's longest interval, "
                    + Durations.inDays(Durations.MAX_EVERY));
            return Optional.empty();
        }
        return Optional.of("every " + Durations.format(Duration.ofSeconds(seconds)));
    }

    private String zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(zone.trim()).getId();
        } catch (DateTimeException e) {
            problems.add("time zone '" + zone + "' is not an IANA zone Vigil knows");
            return null;
        }
    }

    private String owner(String annotation) {
        if (annotation == null || annotation.isBlank()) {
            return null;
        }
        Optional<String> address = MailAddress.of(annotation);
        if (address.isEmpty()) {
            problems.add("annotation " + OWNER + " '" + annotation + "' is not a mail address");
        }
        return address.orElse(null);
    }

    private List<PlatformRoute> routes(String annotation) {
        if (annotation == null) {
            return List.of();
        }
        Set<PlatformRoute> routes = new LinkedHashSet<>();
        for (String part : annotation.split(",")) {
            String target = part.trim();
            if (target.isEmpty()) {
                continue;
            }
            Optional<String> address = MailAddress.of(target);
            if (address.isPresent()) {
                routes.add(new PlatformRoute(address.get(), "annotation " + NOTIFY));
            } else if (ROUTE_SCHEME.matcher(target).matches()) {
                routes.add(new PlatformRoute(target, "annotation " + NOTIFY));
            } else {
                problems.add("annotation " + NOTIFY + " names '" + target
                        + "', neither a mail address nor slack:#channel, teams:NAME or webhook:HOST");
            }
        }
        return List.copyOf(routes);
    }

    private static PodSpec pod(CronJobSpec spec) {
        if (spec.getJobTemplate() == null
                || spec.getJobTemplate().getSpec() == null
                || spec.getJobTemplate().getSpec().getTemplate() == null
                || spec.getJobTemplate().getSpec().getTemplate().getSpec() == null) {
            return new PodSpec();
        }
        return spec.getJobTemplate().getSpec().getTemplate().getSpec();
    }

    /** Each Secret the pod uses, once, its label every use in the order met. */
    private static List<Handle> credentials(String namespace, PodSpec pod) {
        Map<String, Set<String>> uses = new LinkedHashMap<>();
        List<Container> containers = new ArrayList<>();
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        if (pod.getContainers() != null) {
            containers.addAll(pod.getContainers());
        }
        for (Container c : containers) {
            String in = " of container '" + c.getName() + "'";
            for (EnvVar env : list(c.getEnv())) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    use(uses, ref.getName(), "env " + env.getName() + in + " (key " + ref.getKey() + ")");
                }
            }
            for (EnvFromSource from : list(c.getEnvFrom())) {
                if (from.getSecretRef() != null) {
                    use(uses, from.getSecretRef().getName(), "envFrom" + in);
                }
            }
        }
        for (Volume v : list(pod.getVolumes())) {
            if (v.getSecret() != null) {
                use(uses, v.getSecret().getSecretName(), "volume '" + v.getName() + "'");
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : list(v.getProjected().getSources())) {
                    if (p.getSecret() != null) {
                        use(uses, p.getSecret().getName(), "projected volume '" + v.getName() + "'");
                    }
                }
            }
        }
        for (LocalObjectReference pull : list(pod.getImagePullSecrets())) {
            use(uses, pull.getName(), "image pull secret");
        }
        return uses.entrySet().stream()
                .map(e -> new Handle(namespace + "/" + e.getKey(), "Secret: " + String.join("; ", e.getValue())))
                .toList();
    }

    private static void use(Map<String, Set<String>> uses, String secret, String how) {
        if (secret != null && !secret.isBlank()) {
            uses.computeIfAbsent(secret, s -> new LinkedHashSet<>()).add(how);
        }
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
