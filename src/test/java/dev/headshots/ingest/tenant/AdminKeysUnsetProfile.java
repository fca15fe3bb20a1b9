package dev.headshots.ingest.tenant;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** No admin key configured: the admin API must then refuse everything. */
public class AdminKeysUnsetProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("headshots.admin.keys", "");
    }
}
