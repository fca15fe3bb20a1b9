package dev.headshots.ingest.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.headshots.ingest.support.Bucket;

/**
 * What the local stack's bucket holds for a job: every object under {@code <headshots_id>/}, by key, with the SHA-256 of its
 * bytes as read back. It lists by prefix, so an unexpected object (a wrong key, an extra file) shows up as well as a missing
 * one.
 */
final class BucketContents {

    private BucketContents() {
    }

    /** Key → hex SHA-256 of every object under the job's prefix. */
    static Map<String, String> of(UUID job) {
        Map<String, String> objects = new TreeMap<>();
        for (String key : Bucket.keys(job + "/")) {
            objects.put(key, Bucket.sha256(key));
        }
        return objects;
    }

    /** Whether anything accepts connections on S3Proxy's port. */
    static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 9090), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
