package dev.headshots.ingest.console;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The console over plain HTTP, for what a browser hides: status codes, headers, forms posted without their token. */
final class ConsoleHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private ConsoleHttp() {
    }

    /** Signs in with {@code key} and returns the session cookie's value. */
    static String signIn(String key) {
        Response response = given().redirects().follow(false).formParam("key", key).when().post("/console/sign-in");
        if (response.statusCode() != 303) {
            throw new AssertionError("sign-in with a good key answered " + response.statusCode());
        }
        return response.getCookie(ConsoleGuard.COOKIE);
    }

    static RequestSpecification as(String session) {
        return given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session);
    }

    /** The CSRF token of the session, as the jobs page's sign-out form carries it. */
    static String csrf(String session) {
        Matcher token = CSRF.matcher(as(session).when().get("/console/jobs").then().statusCode(200).extract().asString());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the jobs page");
        }
        return token.group(1);
    }
}
