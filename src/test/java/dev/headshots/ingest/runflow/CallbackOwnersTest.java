package dev.headshots.ingest.runflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class CallbackOwnersTest {

    private static final byte[] JOB_TOKEN = CallbackTokens.digest("a".repeat(43));
    private static final byte[] PENDING_TOKEN = CallbackTokens.digest("p".repeat(43));
    private static final byte[] UNKNOWN_TOKEN = CallbackTokens.digest("u".repeat(43));
    private static final Submissions.Owner JOB = new Submissions.Owner(true, Optional.of(UUID.randomUUID()), Optional.empty(),
            null);
    private static final Submissions.Owner PENDING = new Submissions.Owner(true, Optional.empty(), Optional.empty(), null);

    private final AtomicLong now = new AtomicLong();
    private final List<String> lookups = new ArrayList<>();
    private final Map<String, Submissions.Owner> owners = Map.of(key(JOB_TOKEN), JOB, key(PENDING_TOKEN), PENDING);
    private boolean databaseDown;

    private Uni<Submissions.Owner> lookup(byte[] digest) {
        lookups.add(key(digest));
        if (databaseDown) {
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }
        return Uni.createFrom().item(owners.getOrDefault(key(digest), Submissions.Owner.NOBODY));
    }

    private CallbackOwners cache(Duration ttl, int size) {
        return new CallbackOwners(this::lookup, ttl, size, now::get);
    }

    private static Submissions.Owner await(CallbackOwners cache, byte[] digest) {
        return cache.ownerOf(digest).await().indefinitely();
    }

    @Test
    void aJobsOwnerIsLookedUpOnceWithinTheTtlAndAgainAfterIt() {
        CallbackOwners cache = cache(Duration.ofSeconds(30), 100);

        assertThat(await(cache, JOB_TOKEN)).isEqualTo(JOB);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(await(cache, JOB_TOKEN.clone())).isEqualTo(JOB);
        assertThat(lookups).hasSize(1);

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(await(cache, JOB_TOKEN)).isEqualTo(JOB);
        assertThat(lookups).hasSize(2);
    }

    @Test
    void unknownAndPendingTokensAreAskedEveryTimeSoThatA404OrA503DoesNotOutliveItsCause() {
        CallbackOwners cache = cache(Duration.ofSeconds(30), 100);

        assertThat(await(cache, UNKNOWN_TOKEN)).isEqualTo(Submissions.Owner.NOBODY);
        assertThat(await(cache, UNKNOWN_TOKEN)).isEqualTo(Submissions.Owner.NOBODY);
        assertThat(await(cache, PENDING_TOKEN)).isEqualTo(PENDING);
        assertThat(await(cache, PENDING_TOKEN)).isEqualTo(PENDING);

        assertThat(lookups).hasSize(4);
    }

    @Test
    void aFailedLookupIsNotKept() {
        CallbackOwners cache = cache(Duration.ofSeconds(30), 100);
        databaseDown = true;

        assertThatThrownBy(() -> await(cache, JOB_TOKEN)).hasMessageContaining("connection refused");
        databaseDown = false;

        assertThat(await(cache, JOB_TOKEN)).isEqualTo(JOB);
        assertThat(lookups).hasSize(2);
    }

    @Test
    void aTtlOrSizeOfZeroLooksUpEveryCallback() {
        for (CallbackOwners off : List.of(cache(Duration.ZERO, 100), cache(Duration.ofSeconds(30), 0))) {
            lookups.clear();
            await(off, JOB_TOKEN);
            await(off, JOB_TOKEN);
            assertThat(lookups).hasSize(2);
        }
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThatThrownBy(() -> cache(Duration.ofSeconds(-1), 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token-cache-ttl");
        assertThatThrownBy(() -> cache(Duration.ofSeconds(30), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String key(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
