package dev.headshots.ingest.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Runflow that plays both of its dialects faithfully over real HTTP, for local runs and tests. The legacy
 * Generate Headshots endpoint: it accepts {@code POST /api/v1/images/generate-headshots} ({@link SubmitHandler}), completes
 * each job after the callback delay by signing its image URLs and POSTing the {@code headshots.completed} callback
 * ({@link CallbackSender}). The runs platform ({@link RunsHandler}): it creates runs of its model, reads their input images
 * from the URLs given, ends each after the callback delay (succeeded, failed, canceled or partially succeeded), POSTs the
 * signed envelope, answers {@code GET /v1/runs/{id}}, shows delivery history and redelivers. Either way it serves the image
 * URLs like presigned S3 objects ({@link ImageHandler}), with per-job {@link Faults} (queued, or by a {@link FaultPlan}). It
 * keeps the accounts a chaos run checks: per image the GETs and the full bodies served, per job every callback attempt and
 * whether the delivery is over. Tests drive it in-process through {@link #start} and the thread-safe accessors; {@link #main}
 * runs it as a plain process until it is killed. It uses only the JDK, so
 * {@code java -cp target/test-classes dev.headshots.ingest.simulator.RunflowSimulator --help} works.
 */
public final class RunflowSimulator implements AutoCloseable {

    private final SimulatorSettings settings;
    private final Jobs jobs;
    private final PresignedUrls urls;
    private final HeadshotImages images;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("runflow-simulator-http"));
    private final ScheduledExecutorService timer = Executors
            .newSingleThreadScheduledExecutor(daemon("runflow-simulator-timer"));
    private final CallbackSender callbacks;
    private final InputImages inputs = new InputImages();
    private final HttpServer server;

    private RunflowSimulator(SimulatorSettings settings) throws IOException {
        this.settings = settings;
        this.images = settings.smallImages() ? HeadshotImages.small() : HeadshotImages.shared();
        this.jobs = new Jobs(settings.defaultFaults(), settings.faultPlan());
        this.urls = new PresignedUrls(settings.clock(), settings.urlTtl());
        this.callbacks = new CallbackSender(settings, timer);
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        server.createContext(SubmitHandler.PATH, new SubmitHandler(settings, jobs, this::scheduleCompletion));
        server.createContext(RunsHandler.PREFIX, new RunsHandler(settings, jobs, this::scheduleRun, callbacks));
        server.createContext(ImageHandler.PREFIX, new ImageHandler(jobs, urls, images));
        server.setExecutor(workers);
        server.start();
    }

    public static RunflowSimulator start(SimulatorSettings settings) {
        try {
            return new RunflowSimulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port(), e);
        }
    }

    /** {@code http://<host>:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + settings.host() + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String apiKey() {
        return settings.apiKey();
    }

    /**
     * Renders the images a job serves ({@code imagesPerJob} of them) now, instead of on their first request: a run that starts
     * with many requests at once would otherwise wait for the rendering, and time out.
     */
    public RunflowSimulator warmUp() {
        images.warmUp(settings.imagesPerJob());
        return this;
    }

    /** Queues {@code faults} for the next accepted submission; queued faults are used in order, one per submission. */
    public void nextJobFaults(Faults faults) {
        jobs.queueFaults(faults);
    }

    /** The job with this id; {@link java.util.NoSuchElementException} when there is none. */
    public SimulatedJob job(UUID id) {
        return jobs.get(id);
    }

    /** Every accepted job, in submission order (staged jobs included, in the order they were staged). */
    public List<SimulatedJob> jobs() {
        return jobs.all();
    }

    /** The submitted jobs whose callback was answered with a 2xx status (by the service: "we answered 200"), in order. */
    public List<SimulatedJob> acceptedCallbacks() {
        return jobs.all().stream().filter(job -> !job.staged() && job.callbackDelivered()).toList();
    }

    /** True when every submitted job has completed and its callback delivery is over (accepted or given up). */
    public boolean callbacksSettled() {
        return jobs.all().stream().filter(job -> !job.staged()).allMatch(SimulatedJob::callbackSettled);
    }

    /**
     * Registers a completed job that was never submitted, with {@code imageCount} signed image URLs served like any job's (no
     * faults, counted the same), and sends no callback: for tests that send callbacks themselves.
     */
    public SimulatedJob stageJob(UUID id, int imageCount) {
        SimulatedJob job = new SimulatedJob(id, null, List.of(), Faults.none(), imageCount);
        job.complete(signedUrls(job));
        jobs.add(job);
        return job;
    }

    /** Requests received on the submission endpoint, accepted or not. */
    public int submissions() {
        return jobs.submissions();
    }

    public int hits(UUID id, int index) {
        return job(id).hits(index);
    }

    /** The exact bytes served for image {@code index} (1-based) of job {@code id}. */
    public byte[] imageBytes(UUID id, int index) {
        if (!job(id).hasImage(index)) {
            throw new IndexOutOfBoundsException("job " + id + " has no image " + index);
        }
        return images.tagged(id.toString(), index);
    }

    public String sha256(UUID id, int index) {
        return Digests.sha256(imageBytes(id, index));
    }

    /**
     * Delivers the callback of a completed job once more, with retries (not an automatic delivery: a drop fault of
     * {@code AUTOMATIC} callbacks lets it through); completes with the last attempt's status.
     */
    public CompletableFuture<Integer> sendCallbackAgain(UUID id) {
        SimulatedJob job = job(id);
        if (job.isRun()) {
            if (!job.run().terminal()) {
                throw new IllegalStateException("run " + id + " has not finished yet");
            }
            return callbacks.deliver(job, 0, false);
        }
        if (job.staged()) {
            throw new IllegalStateException("job " + id + " was staged: its callback is the test's to send");
        }
        if (!job.completed()) {
            throw new IllegalStateException("job " + id + " has not completed yet");
        }
        return callbacks.deliver(job, 0, false);
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private void scheduleCompletion(SimulatedJob job) {
        timer.schedule(() -> complete(job), settings.callbackDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A run starts at once (it reads its input images), and ends after the callback delay. */
    private void scheduleRun(SimulatedJob job) {
        workers.execute(() -> {
            Optional<String> unreadable = inputs.fetch(job);
            timer.schedule(() -> workers.execute(() -> finish(job, unreadable)), settings.callbackDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    /** Ends a run as its faults say (failed if an input image could not be read), then delivers its callback. */
    private void finish(SimulatedJob job, Optional<String> unreadable) {
        RunFaults faults = job.faults().run();
        RunFaults.Outcome outcome = unreadable.isPresent() ? RunFaults.Outcome.FAILED : faults.outcome();
        List<String> all = signedUrls(job);
        Instant now = settings.clock().instant();
        switch (outcome) {
            case SUCCEEDED -> {
                job.complete(all);
                job.run().complete("succeeded", output(all), null, null, now);
            }
            case PARTIAL -> {
                List<String> carried = all.subList(0, faults.partialOf(all.size()));
                job.complete(carried);
                job.run().complete("partial_succeeded", output(carried), null, null, now);
            }
            case FAILED -> {
                String code = unreadable.isPresent() ? "INPUT_UNREADABLE" : "MODEL_ERROR";
                String message = unreadable.orElse("The model could not generate headshots from these photos.");
                job.run().complete("failed", Json.map("code", code, "message", message), code, message, now);
            }
            case CANCELED -> job.run().complete("canceled", null, null, null, now);
        }
        settings.log().accept("run " + job.id() + " is " + job.run().statusCode() + ", sending the callback");
        if (job.callbackUrl() == null) {
            job.settleCallback();
        } else {
            callbacks.deliver(job, job.faults().duplicateCallbacks());
        }
    }

    private Map<String, Object> output(List<String> urls) {
        return settings.outputsShape()
                ? Json.map("outputs", urls.stream().map(url -> Json.map("url", url)).toList())
                : Json.map("image_urls", urls);
    }

    private void complete(SimulatedJob job) {
        job.complete(signedUrls(job));
        settings.log().accept("job " + job.id() + " completed: " + job.imageCount() + " images, sending the callback");
        callbacks.deliver(job, job.faults().duplicateCallbacks());
    }

    private List<String> signedUrls(SimulatedJob job) {
        return IntStream.rangeClosed(1, job.imageCount()).mapToObj(index -> {
            String path = ImageHandler.PREFIX + job.id() + "/" + String.format("%03d.jpg", index);
            return baseUrl() + path + "?" + urls.sign(path);
        }).toList();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public static void main(String[] args) {
        if (SimulatorFlags.wantsHelp(args)) {
            System.out.print(SimulatorFlags.USAGE);
            return;
        }
        SimulatorSettings settings;
        try {
            settings = SimulatorFlags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("runflow-simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        RunflowSimulator simulator = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("runflow-simulator stopped");
        }));
        System.out.println("runflow-simulator listening on " + simulator.baseUrl());
        System.out.flush();
        simulator.warmUp();
        System.out.printf("runflow-simulator: %d images ready in %d ms%n", settings.imagesPerJob(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        System.out.flush();
    }
}
