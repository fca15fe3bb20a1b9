package dev.headshots.ingest.webhook;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Tight abuse limits and short timeouts, so that the tests can reach them quickly: 3 failed authentications per client (no
 * refill within a test run), 2 forwarded callbacks per second, 2 s of idle connection and of body arrival. 127.0.0.1 counts as
 * the trusted proxy, so that a test can speak for several clients through {@code X-Forwarded-For}. The benchmark's ceiling
 * endpoint is on, so that {@code BenchCeilingTest} shares this instance.
 */
public class HttpLimitsProfile implements QuarkusTestProfile {

    static final int BURST = 3;
    static final int PER_SECOND = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "headshots.webhook.failed-auth-burst", Integer.toString(BURST),
                "headshots.webhook.failed-auth-refill", "1h",
                "headshots.webhook.max-accepted-per-second", Integer.toString(PER_SECOND),
                "headshots.webhook.body-timeout", "2s",
                "quarkus.http.idle-timeout", "2s",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                "headshots.webhook.bench-ceiling", "true");
    }
}
