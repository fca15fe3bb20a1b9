package dev.headshots.ingest.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals tenants' signing secrets for Postgres, since a secret must be recoverable to sign: AES-256-GCM under a key of
 * {@code headshots.notify.secret-keys}, a fresh 96-bit nonce each time, and the tenant and secret id as associated data, so a
 * sealed secret copied to another row or tenant does not open. A key is named by the first 16 hex digits of its SHA-256, stored
 * with what it sealed; the first key seals, every key opens, so keys rotate by putting a new one first. A database dump alone
 * therefore gives no secret. Messages never hold a key or a secret.
 */
final class SecretSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private record Key(String id, SecretKeySpec spec) {
    }

    /** A sealed secret: the id of the key that sealed it, and nonce followed by ciphertext and tag. */
    record Sealed(String keyId, byte[] bytes) {
    }

    private final List<Key> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * Throws {@link IllegalArgumentException} naming the position, never the value, of a key that is not 32 bytes of base64.
     */
    SecretSealer(List<String> base64Keys) {
        List<Key> parsed = new ArrayList<>();
        for (int i = 0; i < base64Keys.size(); i++) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(base64Keys.get(i).strip());
            } catch (IllegalArgumentException notBase64) {
                raw = new byte[0];
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("headshots.notify.secret-keys #" + (i + 1) + " is not 32 bytes in base64");
            }
            parsed.add(new Key(fingerprint(raw), new SecretKeySpec(raw, "AES")));
        }
        this.keys = List.copyOf(parsed);
    }

    boolean canSeal() {
        return !keys.isEmpty();
    }

    Sealed seal(byte[] secret, String context) {
        Key key = keys.get(0);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key.spec(), nonce, context, secret);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return new Sealed(key.id(), out);
    }

    /** Opens what the key {@code keyId} sealed for {@code context}; fails if that key is gone or the bytes were altered. */
    byte[] open(Sealed sealed, String context) {
        Key key = keys.stream().filter(candidate -> candidate.id().equals(sealed.keyId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the key " + sealed.keyId() + " that sealed a signing secret is "
                        + "no longer in headshots.notify.secret-keys"));
        byte[] nonce = Arrays.copyOf(sealed.bytes(), NONCE_BYTES);
        byte[] body = Arrays.copyOfRange(sealed.bytes(), NONCE_BYTES, sealed.bytes().length);
        return crypt(Cipher.DECRYPT_MODE, key.spec(), nonce, context, body);
    }

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] nonce, String context, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "a signing secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened")
                            + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String fingerprint(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
