package dev.headshots.ingest.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Two packaged instances share one consumer group: in steady state they split the jobs between them and fetch every image once;
 * when one is killed with SIGKILL mid-copy, the other takes over its partitions and finishes the job, fetching again only the
 * images that were in flight at the kill.
 * <p>
 * The topic has six partitions, one for each of the group's six consumers (three per instance), so that each instance owns
 * three partitions once the group is stable, and the steady-state jobs are chosen to cover all six.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

    private static final String BOOTSTRAP = "127.0.0.1:19092";
    private static final String TOPIC = "runflow.headshots.callbacks.two-instances-it";
    private static final String GROUP = "headshots-ingest-two-instances-it";
    private static final int PARTITIONS = 6;
    private static final int CONSUMERS_PER_INSTANCE = 3;
    private static final int[] PORTS = {8095, 8096};
    private static final int JOBS = 12;
    private static final int IMAGES_PER_JOB = 3;
    private static final int STORED_BEFORE_KILL = 4;
    private static final int IN_FLIGHT_AT_KILL = 3;
    private static final int IMAGES = STORED_BEFORE_KILL + IN_FLIGHT_AT_KILL;

    private static ImageOrigin origin;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        createTopic();
        origin = ImageOrigin.start(IMAGES, 160);
        for (int port : PORTS) {
            ServiceProcess instance = new ServiceProcess(port, Map.of(
                    "mp.messaging.outgoing.callbacks-out.topic", TOPIC,
                    "mp.messaging.incoming.callbacks.topic", TOPIC,
                    "mp.messaging.incoming.callbacks.group.id", GROUP,
                    "mp.messaging.incoming.callbacks.concurrency", String.valueOf(CONSUMERS_PER_INSTANCE),
                    "mp.messaging.incoming.callbacks.session.timeout.ms", "6000",
                    "mp.messaging.incoming.callbacks.heartbeat.interval.ms", "1000",
                    // The held images must stay in flight until the kill, not time out and be fetched again.
                    "headshots.download.first-byte-timeout", "60s"),
                    Path.of("target/two-instances-it-" + port + ".log"));
            instance.start();
            instances.add(instance);
        }
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = PORTS[0];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(TwoInstancesIT::eachConsumerOwnsOnePartition);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        if (origin != null) {
            origin.close();
        }
        RestAssured.reset();
    }

    @Test
    @Order(1)
    void inSteadyStateBothInstancesCopyAndNoImageIsFetchedTwice() {
        List<UUID> ids = jobsCoveringEveryPartition();
        for (int job = 0; job < ids.size(); job++) {
            accept(PORTS[job % PORTS.length], ids.get(job), origin.urls(ids.get(job).toString(), IMAGES_PER_JOB));
        }

        SoftAssertions softly = new SoftAssertions();
        for (UUID id : ids) {
            softly.assertThat(Jobs.awaitTerminal(id).getString("status")).as("job %s", id).isEqualTo("COMPLETED");
            for (int index = 1; index <= IMAGES_PER_JOB; index++) {
                softly.assertThat(origin.hits(id.toString(), index)).as("origin hits of %s image %d", id, index)
                        .isEqualTo(1);
                softly.assertThat(Bucket.sha256("%s/%03d.jpg".formatted(id, index))).as("%s image %d", id, index)
                        .isEqualTo(origin.sha256(index));
            }
        }
        for (int port : PORTS) {
            softly.assertThat(metric(port, "headshots_images_stored_total")).as("images stored by the instance on %d", port)
                    .isPositive();
        }
        softly.assertAll();
    }

    @Test
    @Order(2)
    void aRebalanceAfterAKillLosesNothingAndRefetchesOnlyImagesInFlight() throws InterruptedException {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch release = new CountDownLatch(1);
        for (int index = STORED_BEFORE_KILL + 1; index <= IMAGES; index++) {
            origin.fault(tag, index, Fault.held(release));
        }
        accept(PORTS[0], id, origin.urls(tag, IMAGES));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> origin.hits(tag) == IMAGES && stored(id) == STORED_BEFORE_KILL);

        int copying = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(TwoInstancesIT::instanceWithDownloadsInFlight, index -> index >= 0);
        instances.get(copying).kill();
        release.countDown();

        RestAssured.port = PORTS[1 - copying];
        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        SoftAssertions softly = new SoftAssertions();
        for (int index = 1; index <= IMAGES; index++) {
            int hits = origin.hits(tag, index);
            if (index <= STORED_BEFORE_KILL) {
                softly.assertThat(hits).as("origin hits of image %d, stored before the kill", index).isEqualTo(1);
            } else {
                softly.assertThat(hits).as("origin hits of image %d, in flight at the kill", index).isBetween(1, 2);
            }
            softly.assertThat(Bucket.sha256("%s/%03d.jpg".formatted(id, index))).as("image %d", index)
                    .isEqualTo(origin.sha256(index));
        }
        softly.assertAll();
    }

    /** Creates the topic with one partition per consumer of the group, or adds partitions to one left by an older run. */
    private static void createTopic() throws Exception {
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            } else if (admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                    .size() < PARTITIONS) {
                admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(PARTITIONS))).all().get();
            }
        }
    }

    /** True once the group is stable with all six consumers, each owning one partition of the topic. */
    private static boolean eachConsumerOwnsOnePartition() throws Exception {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            Set<TopicPartition> owned = group.members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .collect(Collectors.toSet());
            return group.groupState() == GroupState.STABLE
                    && group.members().size() == PORTS.length * CONSUMERS_PER_INSTANCE
                    && group.members().stream().allMatch(member -> member.assignment().topicPartitions().size() == 1)
                    && owned.size() == PARTITIONS;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
    }

    /** {@value #JOBS} job ids whose records land on every partition, as the producer's default partitioner places them. */
    private static List<UUID> jobsCoveringEveryPartition() {
        List<UUID> ids = new ArrayList<>();
        int[] perPartition = new int[PARTITIONS];
        while (ids.size() < JOBS) {
            UUID id = UUID.randomUUID();
            int partition = Utils.toPositive(Utils.murmur2(id.toString().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (perPartition[partition] < JOBS / PARTITIONS) {
                perPartition[partition]++;
                ids.add(id);
            }
        }
        return ids;
    }

    private static void accept(int port, UUID id, List<String> urls) {
        given().port(port).contentType(ContentType.JSON).header("X-Webhook-Secret", Callbacks.SECRET)
                .body(Callbacks.body(id, urls))
                .when().post(Callbacks.PATH).then().statusCode(200);
    }

    /** The index of the instance with downloads running now, or -1. */
    private static int instanceWithDownloadsInFlight() {
        for (int index = 0; index < PORTS.length; index++) {
            if (metric(PORTS[index], "headshots_downloads_in_flight") >= IN_FLIGHT_AT_KILL) {
                return index;
            }
        }
        return -1;
    }

    private static double metric(int port, String series) {
        String text = given().port(port).when().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long stored(UUID id) {
        var response = Jobs.api().get("/v1/headshots/" + id);
        if (response.statusCode() != 200) {
            return -1;
        }
        return response.jsonPath().getList("images.status", String.class).stream().filter("STORED"::equals).count();
    }
}
