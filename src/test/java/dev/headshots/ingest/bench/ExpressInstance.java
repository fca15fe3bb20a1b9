package dev.headshots.ingest.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Baseline (c): the Express handler of {@code deploy/local/bench/express} (installed with {@code npm ci} by the shell script),
 * writing each callback to a table of the benchmark's database before it answers 200.
 */
final class ExpressInstance extends ChildProcess {

    static final String PATH = "/webhook/headshots";

    private ExpressInstance(BenchSettings settings) {
        super("express", List.of(BenchStack.env("NODE", "node"), "server.js"), Map.of(
                "PORT", Integer.toString(settings.expressPort()),
                "WEBHOOK_SECRET", ServiceInstance.SECRET,
                "PGHOST", ServiceInstance.pg().split(":")[0],
                "PGPORT", ServiceInstance.pg().split(":")[1],
                "PGDATABASE", BenchStack.DATABASE,
                "PGUSER", BenchStack.env("QUARKUS_DATASOURCE_USERNAME", "headshots"),
                "PGPASSWORD", BenchStack.env("QUARKUS_DATASOURCE_PASSWORD", "headshots")),
                settings.expressDir(), settings.out().resolve("express.log"));
        awaitReady("http://127.0.0.1:" + settings.expressPort() + "/health", Duration.ofSeconds(30));
    }

    static ExpressInstance start(BenchSettings settings) {
        return new ExpressInstance(settings);
    }
}
