package dev.headshots.ingest.simulator;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One accepted Generate Headshots request and what the simulator has seen of it since: the photos' count and SHA-256s, the
 * callback URL, the faults it was given, the image URLs once it completed (empty before), the HTTP status of every callback
 * delivery in order (-1 for a connection error or timeout; duplicates and re-sends included) and the GETs per image. Safe to
 * read from any thread while the simulator keeps updating it. Image indices are 1-based.
 */
public final class SimulatedJob {

    private final UUID id;
    private final URI callbackUrl;
    private final List<String> photoSha256s;
    private final Faults faults;
    private final AtomicIntegerArray hits;
    private final List<Integer> callbackStatuses = new CopyOnWriteArrayList<>();
    private volatile List<String> imageUrls = List.of();

    SimulatedJob(UUID id, URI callbackUrl, List<String> photoSha256s, Faults faults, int imageCount) {
        this.id = id;
        this.callbackUrl = callbackUrl;
        this.photoSha256s = List.copyOf(photoSha256s);
        this.faults = faults;
        this.hits = new AtomicIntegerArray(imageCount);
    }

    public UUID id() {
        return id;
    }

    public URI callbackUrl() {
        return callbackUrl;
    }

    public int photoCount() {
        return photoSha256s.size();
    }

    /** Hex SHA-256 of each submitted photo, in submission order. */
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
        return List.copyOf(callbackStatuses);
    }

    /** Whether any callback delivery was answered with a 2xx status. */
    public boolean callbackDelivered() {
        return callbackStatuses.stream().anyMatch(status -> status / 100 == 2);
    }

    /** GET requests for image {@code index} (1-based) so far, including refused and failed ones. */
    public int hits(int index) {
        return hits.get(slot(index));
    }

    boolean hasImage(int index) {
        return index >= 1 && index <= hits.length();
    }

    int recordHit(int index) {
        return hits.incrementAndGet(slot(index));
    }

    void complete(List<String> urls) {
        imageUrls = List.copyOf(urls);
    }

    void recordCallback(int status) {
        callbackStatuses.add(status);
    }

    private int slot(int index) {
        if (!hasImage(index)) {
            throw new IndexOutOfBoundsException("job " + id + " has images 1.." + hits.length() + ", not " + index);
        }
        return index - 1;
    }
}
