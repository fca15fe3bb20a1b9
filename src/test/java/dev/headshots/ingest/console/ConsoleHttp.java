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

    /** The sign-in form's CSRF token, as its hidden field and its cookie carry it. */
    record SignInForm(String csrf, String cookie) {

        /** {@code request} made a sign-in with {@code key} from this form. */
        RequestSpecification post(RequestSpecification request, String key) {
            return request.redirects().follow(false).cookie(SignInToken.COOKIE, cookie).formParam("csrf", csrf)
                    .formParam("key", key);
        }
    }

    /** Fetches the sign-in form, as a browser does before signing in. */
    static SignInForm signInForm() {
        Response form = given().when().get("/console/sign-in").then().statusCode(200).extract().response();
        Matcher token = CSRF.matcher(form.asString());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the sign-in form");
        }
        return new SignInForm(token.group(1), form.getCookie(SignInToken.COOKIE));
    }

    /** Signs in with {@code key} and returns the session cookie's value. */
    static String signIn(String key) {
        Response response = signInForm().post(given(), key).when().post("/console/sign-in");
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
