package dev.headshots.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.client.ApiClient;
import dev.headshots.client.ApiException;
import dev.headshots.client.api.JobsApi;
import dev.headshots.client.api.KeysApi;
import dev.headshots.client.api.TenantsApi;
import dev.headshots.client.model.ImageError;
import dev.headshots.client.model.ImageStatus;
import dev.headshots.client.model.IssuedApiKey;
import dev.headshots.client.model.JobImage;
import dev.headshots.client.model.JobPage;
import dev.headshots.client.model.JobStatus;
import dev.headshots.client.model.JobSummary;
import dev.headshots.client.model.JobView;
import dev.headshots.client.model.Submitted;
import dev.headshots.client.model.TenantCreate;
import dev.headshots.client.model.TenantPage;
import dev.headshots.client.model.TenantPatch;
import dev.headshots.client.model.TenantView;
import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunFaults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * README's five-minute tour, and the rest of what a customer's backend does, through a Java client that openapi-generator
 * generated from the OpenAPI document at build time (the pom's {@code tour-client}): an operator creates a tenant and issues it
 * a key; the tenant submits photos, waits for Runflow's callback, reads the job and its images (and downloads one), lists its
 * jobs with a filter and a cursor, replays a job whose image failed, cancels one Runflow never reports on, erases one; the key
 * is listed and revoked. Runflow is the simulator. If the document could not generate a client that compiles and does this, the
 * build fails here.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class ClientTourTest {

    private static final String BASE = "http://localhost:8081";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void theTourWithTheGeneratedClient() throws Exception {
        TenantsApi tenants = new TenantsApi(client("X-Admin-Key", Tenants.ADMIN_KEY));
        KeysApi keys = new KeysApi(client("X-Admin-Key", Tenants.ADMIN_KEY));
        String tenant = Tenants.freshId("tour");
        TenantView created = tenants.createTenant(new TenantCreate().id(tenant).name("Tour"));
        assertThat(created.getKeyPrefix()).isEqualTo(tenant + "/");
        IssuedApiKey key = keys.issueApiKey(tenant);
        JobsApi jobs = new JobsApi(client("X-Api-Key", key.getApiKey()));

        String reference = "tour-" + UUID.randomUUID();
        runflow.nextJobFaults(Faults.none().withFailStatus(404).withFailingImages(1, 3));
        Submitted first = jobs.submitJob(List.of(photo(1), photo(2)), reference, "{\"user\": \"u-1\"}", null);
        assertThat(first.getStatus()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(first.getStatusUrl()).isEqualTo(BASE + "/v1/headshots/" + first.getHeadshotsId());
        JobView partial = awaitStatus(jobs, first.getHeadshotsId(), JobStatus.PARTIAL);
        readsTheImages(partial);

        Submitted second = jobs.submitJob(List.of(photo(3)), reference, null, null);
        awaitStatus(jobs, second.getHeadshotsId(), JobStatus.COMPLETED);
        listsWithAFilterAndACursor(jobs, reference, first.getHeadshotsId(), second.getHeadshotsId());

        assertThat(jobs.replayJob(first.getHeadshotsId()).getReplayed()).containsExactly(3);
        assertThat(awaitStatus(jobs, first.getHeadshotsId(), JobStatus.COMPLETED).getReplays()).isEqualTo(1);

        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.ALL)));
        Submitted unreported = jobs.submitJob(List.of(photo(4)), null, null, null);
        assertThat(jobs.cancelJob(unreported.getHeadshotsId()).getStatus()).isEqualTo(JobStatus.CANCELLED);

        assertThat(jobs.deleteJob(first.getHeadshotsId()).getStatus()).isEqualTo(JobStatus.DELETING);
        JobView erased = awaitStatus(jobs, first.getHeadshotsId(), JobStatus.DELETED);
        assertThat(erased.getErasure().getStoredCount()).isEqualTo(60);
        ApiException unknown = catchThrowableOfType(ApiException.class, () -> jobs.getJob(UUID.randomUUID()));
        assertThat(unknown.getCode()).isEqualTo(404);
        assertThat(unknown.getResponseBody()).contains("urn:headshots:problem:not-found");

        managesTheTenantAndRevokesTheKey(tenants, keys, jobs, tenant, key);
    }

    private static void readsTheImages(JobView job) throws IOException, InterruptedException {
        assertThat(job.getClientReferenceId()).startsWith("tour-");
        assertThat(job.getMetadata()).containsEntry("user", "u-1");
        assertThat(job.getPhotoCount()).isEqualTo(2);
        assertThat(job.getImages()).hasSize(60);
        JobImage failed = job.getImages().get(2);
        assertThat(failed.getStatus()).isEqualTo(ImageStatus.FAILED);
        assertThat(failed.getError()).isEqualTo(ImageError.HTTP_STATUS);
        assertThat(failed.getUrl()).isNull();
        JobImage stored = job.getImages().get(0);
        assertThat(stored.getStatus()).isEqualTo(ImageStatus.STORED);
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(stored.getUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat((long) download.body().length).isEqualTo(stored.getBytes());
    }

    private static void listsWithAFilterAndACursor(JobsApi jobs, String reference, UUID older, UUID newer)
            throws ApiException {
        JobPage page = jobs.listJobs(null, reference, 1, null);
        assertThat(page.getItems()).extracting(JobSummary::getHeadshotsId).containsExactly(newer);
        JobPage next = jobs.listJobs(page.getNext(), reference, 1, null);
        assertThat(next.getItems()).extracting(JobSummary::getHeadshotsId).containsExactly(older);
        assertThat(next.getNext()).isNull();
        assertThat(jobs.listJobs(null, reference, 10, JobStatus.COMPLETED).getItems())
                .extracting(JobSummary::getHeadshotsId).containsExactly(newer);
    }

    private static void managesTheTenantAndRevokesTheKey(TenantsApi tenants, KeysApi keys, JobsApi jobs, String tenant,
            IssuedApiKey key) throws ApiException {
        assertThat(tenants.updateTenant(tenant, new TenantPatch().submissionsPerMinute(60)).getSubmissionsPerMinute())
                .isEqualTo(60);
        assertThat(tenants.getTenant(tenant).getName()).isEqualTo("Tour");
        assertThat(allTenants(tenants)).contains(tenant);
        assertThat(tenants.disableTenant(tenant).getDisabledAt()).isNotNull();
        assertThat(tenants.enableTenant(tenant).getDisabledAt()).isNull();
        assertThat(keys.listApiKeys(tenant).getItems()).extracting(listed -> listed.getKeyId()).contains(key.getKeyId());
        keys.revokeApiKey(tenant, key.getKeyId());
        assertThat(keys.listApiKeys(tenant).getItems().get(0).getRevokedAt()).isNotNull();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> refused(jobs));
    }

    /** Every tenant's id, page after page (other tests' tenants included). */
    private static List<String> allTenants(TenantsApi tenants) throws ApiException {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            TenantPage page = tenants.listTenants(after, 100);
            page.getItems().forEach(each -> ids.add(each.getId()));
            after = page.getNext();
        } while (after != null);
        return ids;
    }

    private static boolean refused(JobsApi jobs) {
        try {
            jobs.listJobs(null, null, 1, null);
            return false;
        } catch (ApiException e) {
            return e.getCode() == 401;
        }
    }

    private static JobView awaitStatus(JobsApi jobs, UUID id, JobStatus status) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> jobs.getJob(id),
                job -> job.getStatus() == status);
    }

    private static ApiClient client(String header, String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(BASE);
        client.setRequestInterceptor(request -> request.header(header, key));
        return client;
    }

    private static File photo(int seed) throws IOException {
        Path file = Files.createTempFile("tour-photo-", ".jpg");
        Files.write(file, Photos.jpeg(seed));
        file.toFile().deleteOnExit();
        return file.toFile();
    }
}
