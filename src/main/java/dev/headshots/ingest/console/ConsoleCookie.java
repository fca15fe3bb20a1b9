package dev.headshots.ingest.console;

/**
 * The session cookie as {@code Set-Cookie} values: {@code HttpOnly}, {@code SameSite=Strict}, scoped to {@code /console},
 * {@code Secure} unless {@code headshots.console.secure-cookie} is off (dev and test serve plain http). It has no
 * {@code Max-Age}: the browser forgets it when closed, and the server ends it after the idle timeout whatever the browser
 * keeps.
 */
final class ConsoleCookie {

    private ConsoleCookie() {
    }

    static String of(String token, boolean secure) {
        return ConsoleGuard.COOKIE + "=" + token + "; Path=/console; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return ConsoleGuard.COOKIE + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
