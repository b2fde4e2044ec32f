package vigil.watchdog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Credential;
import vigil.inventory.Directory;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Workflow;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.impact.Impact;
import vigil.inventory.impact.ImpactReport;
import vigil.inventory.impact.UnknownPersonException;
import vigil.watchdog.alert.Notices;
import vigil.watchdog.directory.DirectoryStore;

/**
 * Turns the directory's person events into notices (docs/directory.md): a deactivation at once
 * computes what breaks — as it was the moment before, with the person still active — and tells
 * the owners of every workflow and credential that breaks, and the fallback; a reactivation of
 * someone whose leaving broke something is announced too. Each event is told once: its notice's
 * topic is the event's id, and the event is marked told only after the notice is queued, so a
 * crash in between tells again and the outbox keeps it to one.
 */
final class PersonEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PersonEvents.class);

    /** One thread tells, in the order events were written; requests while it works coalesce. */
    private final java.util.concurrent.ExecutorService teller =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "person-events");
                t.setDaemon(true);
                return t;
            });

    private final java.util.concurrent.atomic.AtomicBoolean pending = new java.util.concurrent.atomic.AtomicBoolean();

    private final DirectoryStore store;
    private final Notices notices;
    private final Supplier<Inventory> inventory;
    private final Supplier<AuditEvidence> evidence;
    private final Clock clock;

    PersonEvents(
            DirectoryStore store,
            Notices notices,
            Supplier<Inventory> inventory,
            Supplier<AuditEvidence> evidence,
            Clock clock) {
        this.store = store;
        this.notices = notices;
        this.inventory = inventory;
        this.evidence = evidence;
        this.clock = clock;
    }

    /**
     * Asks for the events not told yet to be told soon, on the teller's thread: after each write to
     * the directory, and once at start for what a crash left untold.
     */
    void request() {
        if (pending.compareAndSet(false, true)) {
            try {
                teller.execute(() -> {
                    pending.set(false);
                    try {
                        tell();
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "person events could not be told now ({}); they are told at the next change"
                                        + " or start",
                                e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // stopping: the events stay untold, and are told at the next start
            }
        }
    }

    /** Lets the teller finish what it tells now (the database is closed after it). */
    @Override
    public void close() {
        teller.shutdown();
        try {
            teller.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells every event not told yet; returns how many were. */
    synchronized int tell() {
        List<DirectoryStore.Event> events = store.untold();
        if (events.isEmpty()) {
            return 0;
        }
        Set<String> changed = new LinkedHashSet<>();
        events.forEach(e -> changed.add(e.email()));
        Inventory before = activeAgain(inventory.get(), changed);
        AuditEvidence known = evidence.get();
        for (DirectoryStore.Event e : events) {
            if (before.person(e.email()).isPresent()) {
                try {
                    ImpactReport impact =
                            Impact.of(before, List.of(e.email()), known.rejectedAddresses(), known.definitions());
                    if (impact.blocked()) {
                        List<String> to = owners(before, impact, e.email());
                        if (e.active()) {
                            notices.reactivated(e.id(), e.email(), e.source(), to, clock.instant());
                        } else {
                            notices.deactivated(e.id(), e.email(), e.source(), impact, to, clock.instant());
                            LOG.info(
                                    "{} deactivated in the {} directory: {} workflow(s) break; their owners are told",
                                    e.email(),
                                    e.source(),
                                    impact.workflows().size());
                        }
                    }
                } catch (UnknownPersonException ex) {
                    // not a person of the inventory's (an alias's address): nothing of theirs to tell
                }
            }
            store.told(e.id());
        }
        return events.size();
    }

    /** The inventory with {@code people} active: as it was before their deactivation. */
    private static Inventory activeAgain(Inventory inventory, Set<String> people) {
        List<Person> all = new ArrayList<>();
        for (Person p : inventory.people()) {
            all.add(
                    people.contains(p.email()) && !p.active()
                            ? new Person(p.email(), p.name(), p.manager(), true, p.written())
                            : p);
        }
        return new Inventory(
                all, inventory.aliases(), inventory.credentials(), inventory.workflows(), inventory.channelOwners());
    }

    /** The owners of what breaks, still active once {@code leaver} is gone; never the leaver. */
    private static List<String> owners(Inventory inventory, ImpactReport impact, String leaver) {
        Directory after = Directory.without(inventory, Set.of(leaver));
        Set<String> owners = new LinkedHashSet<>();
        for (ImpactReport.WorkflowImpact w : impact.workflows()) {
            inventory.workflow(w.id()).map(Workflow::owner).ifPresent(owners::add);
        }
        for (ImpactReport.CredentialImpact c : impact.credentials()) {
            inventory.credential(c.id()).map(Credential::owner).ifPresent(owners::add);
        }
        owners.remove(leaver);
        owners.remove("");
        owners.removeIf(o -> after.activePeopleBehind(o).isEmpty());
        return List.copyOf(owners);
    }
}
