package dev.headshots.ingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Readings from {@code /proc}: a process's resident memory and CPU time, and the machine's CPU counters. */
final class Proc {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private Proc() {
    }

    /** Resident set size in bytes (VmRSS), or -1 once the process is gone. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** User plus system CPU seconds the process has used, or -1 once it is gone. */
    static double cpuSeconds(long pid) {
        return statSeconds(pid, 11);
    }

    /** User plus system CPU seconds of the process's children that have ended and been waited for, or -1. */
    static double childrenCpuSeconds(long pid) {
        return statSeconds(pid, 13);
    }

    /** The sum of two clock-tick fields of {@code /proc/PID/stat}, {@code field} (counted after the name) and the next. */
    private static double statSeconds(long pid, int field) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[field]) + Long.parseLong(fields[field + 1])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The machine's busy and total CPU seconds since boot (all cores), from {@code /proc/stat}. */
    static double[] machineCpuSeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new double[]{(total - idle) / TICKS, total / TICKS};
        } catch (IOException | RuntimeException e) {
            return new double[]{0, 0};
        }
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The value of {@code key} in {@code /proc/cpuinfo} or {@code /proc/meminfo}. */
    static String info(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + file));
            return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    static long mb(long bytes) {
        return bytes < 0 ? bytes : Math.round(bytes / 1024.0 / 1024.0);
    }
}
