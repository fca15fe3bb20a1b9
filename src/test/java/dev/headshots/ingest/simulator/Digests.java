package dev.headshots.ingest.simulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex digests of byte arrays: SHA-256 for tests to compare bytes, MD5 for S3-style ETags. */
final class Digests {

    private Digests() {
    }

    static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    static String md5(byte[] bytes) {
        return hex("MD5", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
