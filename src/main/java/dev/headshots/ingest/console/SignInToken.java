package dev.headshots.ingest.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sign-in form's CSRF token (login CSRF: another site must not sign a browser in with a key of its choosing). There is no
 * session yet, so the token is a double submit: the form carries it in a hidden field and the browser in a cookie of its own,
 * {@value #COOKIE} ({@code HttpOnly}, {@code SameSite=Strict}, scoped to the form's path, an hour); a sign-in whose two do not
 * match is refused with 403 before its key is looked at. A page of another site can neither read the cookie nor make the
 * browser send it.
 */
final class SignInToken {

    static final String COOKIE = "hs_console_sign_in";

    private SignInToken() {
    }

    /**
     * 256 random bits, URL-safe, from a SecureRandom made at run time: a static one would be made while the native image is
     * built (Quarkus initializes the application's classes then), and the image would carry its state.
     */
    static String fresh() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String cookie(String token, boolean secure) {
        return COOKIE + "=" + token + "; Path=/console/sign-in; Max-Age=3600; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return COOKIE + "=; Path=/console/sign-in; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** Whether the form's token and the cookie's are present and equal, compared in constant time. */
    static boolean matches(String cookie, String form) {
        return cookie != null && form != null && !form.isEmpty() && MessageDigest.isEqual(
                cookie.getBytes(StandardCharsets.UTF_8), form.getBytes(StandardCharsets.UTF_8));
    }
}
