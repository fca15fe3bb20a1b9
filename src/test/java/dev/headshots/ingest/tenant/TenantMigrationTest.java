package dev.headshots.ingest.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Database;

/**
 * The tenants migration on a database that already has jobs (made by the migrations before it, in a schema of its own on the
 * local stack's Postgres): every existing job becomes the tenant {@code default}'s, keeps its objects where they are (no
 * bucket, no prefix), and the tenant {@code default} exists with today's key layout.
 */
class TenantMigrationTest {

    @Test
    void existingJobsBecomeTheDefaultTenantsAndKeepTheirKeys() throws SQLException {
        String schema = "migration_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        UUID job = UUID.randomUUID();
        try {
            flyway(schema, "6").migrate();
            execute(schema, "INSERT INTO headshot_job (headshots_id, status, image_count, received_at, created_at, deliveries) "
                    + "VALUES ('" + job + "', 'COMPLETED', 1, now(), now(), 1)");
            execute(schema, "INSERT INTO headshot_image (headshots_id, idx, status, object_key, deadline) "
                    + "VALUES ('" + job + "', 1, 'STORED', '" + job + "/001.jpg', now())");
            execute(schema, "INSERT INTO outbox_event (id, topic, record_key, payload) VALUES ('" + UUID.randomUUID()
                    + "', 'headshots.stored', '" + job + "', '{}')");

            flyway(schema, "latest").migrate();

            assertThat(query(schema, "SELECT tenant_id || '|' || coalesce(bucket, 'null') || '|' || key_prefix || '|' "
                    + "|| coalesce(metadata::text, 'null') FROM headshot_job WHERE headshots_id = '" + job + "'"))
                    .isEqualTo("default|null||null");
            assertThat(query(schema, "SELECT object_key FROM headshot_image WHERE headshots_id = '" + job + "'"))
                    .isEqualTo(job + "/001.jpg");
            assertThat(query(schema, "SELECT id || '|' || key_prefix || '|' || coalesce(bucket, 'null') FROM tenant"))
                    .isEqualTo("default||null");
            assertThat(query(schema, "SELECT count(*) FROM outbox_event WHERE tenant_id IS NULL")).isEqualTo("1");
        } finally {
            execute("public", "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Flyway flyway(String schema, String target) {
        return Flyway.configure()
                .dataSource(Database.URL, "headshots", "headshots")
                .schemas(schema)
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    private static void execute(String schema, String sql) throws SQLException {
        try (Connection connection = connect(schema); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(String schema, String sql) throws SQLException {
        try (Connection connection = connect(schema);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row for %s", sql).isTrue();
            String value = rows.getString(1);
            assertThat(rows.next()).as("a single row for %s", sql).isFalse();
            return value;
        }
    }

    private static Connection connect(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(Database.URL, "headshots", "headshots");
        connection.setSchema(schema);
        return connection;
    }
}
