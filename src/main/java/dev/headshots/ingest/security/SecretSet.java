package dev.headshots.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A set of accepted secrets (webhook secrets, API keys), several at once so that they can be rotated. A presented value is
 * hashed and compared with every secret's hash in constant time, so that neither the position of a difference nor the secrets'
 * lengths nor which one matched can be learnt from timing. Only hashes are kept.
 */
public final class SecretSet {

    private final List<byte[]> digests;

    private SecretSet(List<byte[]> digests) {
        this.digests = digests;
    }

    /** The non-blank values of {@code secrets}. */
    public static SecretSet of(List<String> secrets) {
        return new SecretSet(secrets.stream().filter(secret -> !secret.isBlank()).map(SecretSet::sha256).toList());
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** True when {@code presented} equals one of the secrets; every secret is compared, whichever matches. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] secret : digests) {
            match |= MessageDigest.isEqual(secret, digest);
        }
        return match;
    }

    /** SHA-256 of the UTF-8 bytes of {@code value}. */
    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
