package dev.headshots.ingest.simulator;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One accepted Generate Headshots request and what the simulator has seen of it since: the photos' count and SHA-256s, the
 * callback URL, the faults it was given, the image URLs once it completed (empty before), every callback delivery in order
 * (where it went and its HTTP status, -1 for a connection error or timeout; duplicates and re-sends included), whether the
 * delivery is over (accepted and its duplicates sent, or given up), and per image the GETs and the full bodies served. Safe to
 * read from any thread while the simulator keeps updating it. Image indices are 1-based. A job {@linkplain #staged() staged} by
 * a test has no submission: no photos, no callback URL, and its callback is the test's to send. A job created as a run of the
 * runs platform also has its {@link SimulatedRun}; its callback URL is optional.
 */
public final class SimulatedJob {

    private final UUID id;
    private final URI callbackUrl;
    private final SimulatedRun run;
    private volatile List<String> photoSha256s;
    private final Faults faults;
    private final AtomicIntegerArray hits;
    private final AtomicIntegerArray served;
    private final List<CallbackAttempt> callbackAttempts = new CopyOnWriteArrayList<>();
    private volatile List<String> imageUrls = List.of();
    private volatile boolean callbackSettled;

    /**
     * One callback request: the {@code host:port} it was sent to, its status (-1: no answer) and whether it was a duplicate.
     */
    public record CallbackAttempt(String authority, int status, boolean duplicate) {

        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    SimulatedJob(UUID id, URI callbackUrl, List<String> photoSha256s, Faults faults, int imageCount) {
        this(id, callbackUrl, photoSha256s, faults, imageCount, null);
    }

    /** A run of the runs platform, whose photos are fetched from its input URLs once it starts. */
    SimulatedJob(UUID id, URI callbackUrl, Faults faults, int imageCount, SimulatedRun run) {
        this(id, callbackUrl, List.of(), faults, imageCount, run);
    }

    private SimulatedJob(UUID id, URI callbackUrl, List<String> photoSha256s, Faults faults, int imageCount,
            SimulatedRun run) {
        this.id = id;
        this.callbackUrl = callbackUrl;
        this.run = run;
        this.photoSha256s = List.copyOf(photoSha256s);
        this.faults = faults;
        this.hits = new AtomicIntegerArray(imageCount);
        this.served = new AtomicIntegerArray(imageCount);
    }

    public UUID id() {
        return id;
    }

    /** Where Runflow was told to call back; null for a staged job. */
    public URI callbackUrl() {
        return callbackUrl;
    }

    /** True for a job a test staged with {@link RunflowSimulator#stageJob}, which was never submitted. */
    public boolean staged() {
        return callbackUrl == null && run == null;
    }

    /** The run of the runs platform this job is; null for a job of the legacy endpoint. */
    public SimulatedRun run() {
        return run;
    }

    public boolean isRun() {
        return run != null;
    }

    public int photoCount() {
        return photoSha256s.size();
    }

    /** Hex SHA-256 of each submitted photo (for a run: each photo fetched from its input URLs), in order. */
    public List<String> photoSha256s() {
        return photoSha256s;
    }

    public Faults faults() {
        return faults;
    }

    public int imageCount() {
        return hits.length();
    }

    /** The presigned URLs sent in the callback; empty until the job has completed. */
    public List<String> imageUrls() {
        return imageUrls;
    }

    public boolean completed() {
        return !imageUrls.isEmpty();
    }

    /** The status of each callback delivery so far, oldest first; -1 stands for a connection error or timeout. */
    public List<Integer> callbackStatuses() {
        return callbackAttempts.stream().map(CallbackAttempt::status).toList();
    }

    /** Each callback delivery so far, oldest first. */
    public List<CallbackAttempt> callbackAttempts() {
        return List.copyOf(callbackAttempts);
    }

    /** Whether any callback delivery was answered with a 2xx status. */
    public boolean callbackDelivered() {
        return callbackAttempts.stream().anyMatch(CallbackAttempt::accepted);
    }

    /** Whether the callback's delivery is over: accepted and its duplicates sent, or given up after the last attempt. */
    public boolean callbackSettled() {
        return callbackSettled;
    }

    /** GET requests for image {@code index} (1-based) so far, including refused and failed ones. */
    public int hits(int index) {
        return hits.get(slot(index));
    }

    /**
     * How many times image {@code index} (1-based) was served in full: a 200 whose whole body was written and the exchange
     * closed without an error. Failed, refused, truncated and broken-off responses do not count.
     */
    public int served(int index) {
        return served.get(slot(index));
    }

    boolean hasImage(int index) {
        return index >= 1 && index <= hits.length();
    }

    int recordHit(int index) {
        return hits.incrementAndGet(slot(index));
    }

    void recordServed(int index) {
        served.incrementAndGet(slot(index));
    }

    void photosFetched(List<String> sha256s) {
        photoSha256s = List.copyOf(sha256s);
    }

    void complete(List<String> urls) {
        imageUrls = List.copyOf(urls);
    }

    void recordCallback(String authority, int status, boolean duplicate) {
        callbackAttempts.add(new CallbackAttempt(authority, status, duplicate));
    }

    void settleCallback() {
        callbackSettled = true;
    }

    private int slot(int index) {
        if (!hasImage(index)) {
            throw new IndexOutOfBoundsException("job " + id + " has images 1.." + hits.length() + ", not " + index);
        }
        return index - 1;
    }
}
