package dev.headshots.ingest.runflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Every way {@code POST /v1/headshots} refuses: bad uploads before Runflow is called, and Runflow's own refusals. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class SubmissionErrorsTest {

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void noPhotosIs422() {
        int before = runflow.submissions();
        problem(Jobs.api().multiPart("other", "x.jpg", Photos.jpeg(1), "image/jpeg").post("/v1/headshots").then(), 422,
                "validation-failed");
        assertThat(runflow.submissions()).isEqualTo(before);
    }

    @Test
    void moreThanTenPhotosIs422() {
        RequestSpecification request = Jobs.api();
        for (int i = 0; i < 11; i++) {
            request.multiPart("images", "p" + i + ".jpg", Photos.jpeg(i), "image/jpeg");
        }
        problem(request.post("/v1/headshots").then(), 422, "validation-failed");
    }

    @Test
    void aFileThatIsNotAnImageIs415WhateverItsDeclaredType() {
        problem(Jobs.api().multiPart("images", "ok.jpg", Photos.jpeg(1), "image/jpeg")
                .multiPart("images", "evil.jpg", "<?php system($_GET['c']); ?>".getBytes(), "image/jpeg")
                .post("/v1/headshots").then(), 415, "unsupported-media-type")
                .body("errors[0].field", equalTo("images"))
                .body("errors[0].message", equalTo("evil.jpg is not a JPEG, PNG or WebP image"));
    }

    @Test
    void aPhotoOverTheSizeLimitIs413() {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(Photos.jpeg(1), 0, big, 0, 3);
        problem(Jobs.api().multiPart("images", "big.jpg", big, "image/jpeg").post("/v1/headshots").then(), 413,
                "payload-too-large");
    }

    @Test
    void aBodyThatIsNotMultipartIs415() {
        problem(Jobs.api().contentType("application/json").body("{\"images\":[]}").post("/v1/headshots").then(), 415,
                "unsupported-media-type");
    }

    @Test
    void aRunflowErrorIs502WithItsReasonAndLeavesNoJobBehind() {
        Instant before = Instant.now();
        runflow.nextJobFaults(Faults.none().withSubmissionStatus(500));
        problem(submit(), 502, "upstream-failed").body("detail", startsWith("Runflow answered HTTP 500"));
        runflow.nextJobFaults(Faults.none().withSubmissionStatus(401));
        problem(submit(), 502, "upstream-failed").body("detail", startsWith("Runflow answered HTTP 401"));

        assertThat(Database.queryLong("SELECT count(*) FROM headshot_job WHERE status = 'SUBMITTED' AND created_at >= ?",
                Timestamp.from(before))).isZero();
        assertThat(Database.queryLong("SELECT count(*) FROM pending_submission WHERE created_at >= ?",
                Timestamp.from(before))).isZero();
    }

    @Test
    void aRunflowThatDoesNotAnswerInTimeIs502AndLeavesNoJob() {
        Instant before = Instant.now();
        runflow.nextJobFaults(Faults.none().withSubmissionDelay(Duration.ofSeconds(5)));
        problem(submit(), 502, "upstream-failed").body("detail", startsWith("Runflow did not answer in time"));
        assertThat(Database.queryLong("SELECT count(*) FROM pending_submission WHERE created_at >= ?",
                Timestamp.from(before))).isZero();
    }

    private static ValidatableResponse submit() {
        return Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(3), "image/jpeg").post("/v1/headshots").then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String kind) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("urn:headshots:problem:" + kind));
    }
}
