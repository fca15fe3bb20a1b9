package dev.headshots.ingest.security;

import java.util.Base64;

/**
 * One Standard Webhooks signing secret, configured as {@code whsec_<base64>}: the HMAC key is the base64-decoded bytes after
 * the prefix. Parsing refuses a malformed secret with an {@link IllegalArgumentException} whose message never contains the
 * secret (nor a decoder message that could quote one of its characters), and {@link #toString()} never shows the key.
 */
public final class SigningSecret {

    static final String PREFIX = "whsec_";
    /** The Standard Webhooks spec asks for keys of 24 to 64 bytes; shorter ones are refused as too weak. */
    static final int MIN_KEY_BYTES = 24;

    private final byte[] key;

    private SigningSecret(byte[] key) {
        this.key = key;
    }

    /** Parses {@code whsec_<base64>}; throws {@link IllegalArgumentException} without echoing the value. */
    public static SigningSecret parse(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("webhook signing secret is empty");
        }
        if (!configured.startsWith(PREFIX)) {
            throw new IllegalArgumentException("webhook signing secret does not start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            // the decoder's message quotes the offending character: leave it and its cause out
            throw new IllegalArgumentException("webhook signing secret is not base64 after " + PREFIX);
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "webhook signing secret decodes to " + key.length + " bytes; at least " + MIN_KEY_BYTES + " are needed");
        }
        return new SigningSecret(key);
    }

    /** A copy of the HMAC key. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "SigningSecret[redacted]";
    }
}
