package planted;

/**
 * The fault that deploy/native/analyse --plant thread adds to the image class path: a class initialized at build time
 * whose static initializer starts a thread. A native image cannot contain a started thread, so the analysis must fail.
 */
public final class StartsThreadAtBuildTime {
    static final Thread WORKER = start();

    private StartsThreadAtBuildTime() {
    }

    static Thread start() {
        Thread worker = new Thread(StartsThreadAtBuildTime::idle, "planted-build-time-thread");
        worker.setDaemon(true);
        worker.start();
        return worker;
    }

    static void idle() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
