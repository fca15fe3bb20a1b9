package dev.headshots.ingest.chaos;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.headshots.ingest.outbox.StoredEvent;
import dev.headshots.ingest.support.NotifyReceiver;

/**
 * The notifications of a chaos run, counted against the accepted jobs: each job's {@code headshots.stored} event must have
 * reached the handler (by its {@code webhook-id}) and be {@code DELIVERED} in Postgres; a job whose event never arrived is
 * lost. Requests beyond one per job are duplicates (at least once: a delivery in flight when an instance died is sent again).
 */
record Notified(int jobs, int received, int duplicates, long lost, long undelivered, long attempts) {

    static Notified of(NotifyReceiver handler, Collection<UUID> ids) {
        Map<String, Long> byEvent = handler.received().stream()
                .collect(Collectors.groupingBy(NotifyReceiver.Received::id, Collectors.counting()));
        List<String> expected = ids.stream().map(id -> StoredEvent.idOf(id).toString()).toList();
        long lost = expected.stream().filter(id -> !byEvent.containsKey(id)).count();
        int received = (int) expected.stream().mapToLong(id -> byEvent.getOrDefault(id, 0L)).sum();
        int duplicates = received - (int) (expected.size() - lost);
        return new Notified(ids.size(), received, duplicates, lost, Ledger.undeliveredNotifications(ids),
                Ledger.notificationAttempts(ids));
    }

    void report(Summary summary) {
        summary.section("Notifications to the jobs' handler (signed POST per job, receiver on loopback)")
                .row("jobs accepted", jobs)
                .row("requests received for them", received + " (duplicates: " + duplicates + ")")
                .row("attempts recorded", attempts)
                .row("not DELIVERED in Postgres", undelivered)
                .row("**lost**", "**" + lost + "**");
    }
}
