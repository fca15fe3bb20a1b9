package dev.headshots.ingest.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps this instance's claims on every {@link LeasedTable} it works: renews their leases every third of the lease's length, so
 * that a claim lapses only when its instance is gone (SIGKILL, OOM, a node lost, or cut off from Postgres for a whole lease),
 * and gives them back, due at once, when the instance shuts down, so that another instance resumes the work without waiting for
 * the leases to run out. Workers register their tables with {@link #keep}.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final Leases leases;
    private final Vertx vertx;
    private final List<LeasedTable> tables = new CopyOnWriteArrayList<>();
    private long timer = -1;

    public LeaseKeeper(Pool pool, Leases leases, Vertx vertx) {
        this.pool = pool;
        this.leases = leases;
        this.vertx = vertx;
    }

    /** This instance's name on its claims, and the lease's length. */
    public Leases leases() {
        return leases;
    }

    /** Renews and, at shutdown, releases this instance's claims on {@code table} from now on. */
    public void keep(LeasedTable table) {
        if (!tables.contains(table)) {
            tables.add(table);
        }
    }

    void start(@Observes StartupEvent startup) {
        LOG.infof("Claims: this instance claims work as %s, for leases of %s", leases.owner(), leases.length());
        timer = vertx.setPeriodic(Math.max(1, leases.length().toMillis() / 3), tick -> renew());
    }

    /** Runs before the datasource closes; a piece of work still finishing after this is still recorded if it succeeds. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        vertx.cancelTimer(timer);
        for (LeasedTable table : tables) {
            try {
                Integer released = table.release(pool, leases).await().atMost(RELEASE_TIMEOUT);
                if (released > 0) {
                    LOG.infof("Released %d claim(s) on %s for another instance", released, table.name());
                }
            } catch (RuntimeException e) {
                LOG.warnf("Claims on %s could not be released; they are taken over when their lease runs out: %s",
                        table.name(), e.getMessage());
            }
        }
    }

    private void renew() {
        for (LeasedTable table : tables) {
            table.renew(pool, leases).subscribe().with(renewed -> {
            }, failure -> LOG.warnf("Leases on %s could not be renewed: %s", table.name(), failure.getMessage()));
        }
    }
}
