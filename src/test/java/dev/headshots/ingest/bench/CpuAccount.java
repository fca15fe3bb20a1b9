package dev.headshots.ingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a scenario: the benchmark's own JVM (load generator, origin, baseline copiers), the
 * service, the Express baseline, the local stack (Kafka, S3Proxy, PostgreSQL) and everything else. "Other" is what the machine
 * was busy with besides the benchmark (on a shared machine: other people's work); short-lived PostgreSQL backends that exit
 * within the scenario are counted there too.
 */
final class CpuAccount {

    /** CPU seconds used during one scenario, and the wall-clock seconds it took. */
    record Usage(double wallSeconds, double machineBusy, double harness, double service, double express, double stack,
            double other, double otherCores, double loadAverageEnd) {
    }

    private final LongSupplier service;
    private final LongSupplier express;
    private final Path stackState;
    private long start;
    private Map<String, Double> before;

    CpuAccount(LongSupplier servicePid, LongSupplier expressPid) {
        this.service = servicePid;
        this.express = expressPid;
        this.stackState = Path.of(BenchStack.env("STACK_STATE_DIR", "deploy/local/.state"));
    }

    /** Starts accounting a scenario. */
    void begin() {
        start = System.nanoTime();
        before = snapshot();
    }

    /** The usage since {@link #begin()}. */
    Usage end() {
        Map<String, Double> after = snapshot();
        double wall = (System.nanoTime() - start) / 1e9;
        double busy = after.get("machine") - before.get("machine");
        double harness = delta(after, "harness");
        double svc = delta(after, "service");
        double node = delta(after, "express");
        double stack = delta(after, "stack");
        double other = Math.max(0, busy - harness - svc - node - stack);
        return new Usage(r(wall), r(busy), r(harness), r(svc), r(node), r(stack), r(other), r(other / wall),
                Proc.loadAverage());
    }

    private double delta(Map<String, Double> after, String key) {
        return Math.max(0, after.get(key) - before.get(key));
    }

    private Map<String, Double> snapshot() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("machine", Proc.machineCpuSeconds()[0]);
        cpu.put("harness", Proc.cpuSeconds(ProcessHandle.current().pid()));
        cpu.put("service", Math.max(0, Proc.cpuSeconds(service.getAsLong())));
        cpu.put("express", Math.max(0, Proc.cpuSeconds(express.getAsLong())));
        double stack = Math.max(0, Proc.cpuSeconds(brokerPid()))
                + Math.max(0, Proc.cpuSeconds(pidFile("s3proxy/s3proxy.pid")));
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            stack += processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> comm(p).equals("postgres"))
                    .mapToDouble(p -> Math.max(0, Proc.cpuSeconds(Long.parseLong(p.getFileName().toString()))))
                    .sum();
        } catch (IOException e) {
            // no /proc: leave the stack's share in "other"
        }
        cpu.put("stack", stack);
        return cpu;
    }

    /** The Kafka broker of the stack, or -1 if its pid file cannot be read. */
    long brokerPid() {
        return pidFile("kafka/kafka.pid");
    }

    private long pidFile(String name) {
        try {
            return Long.parseLong(Files.readString(stackState.resolve(name)).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static String comm(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static double r(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
