package dev.headshots.ingest.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure the tenant {@code default} exists at startup: it owns {@code headshots.api.keys}, every job of before tenants, and
 * the callbacks of jobs nobody submitted here. The migration creates it; this restores it if it was removed by hand. A database
 * that cannot be reached at startup is left to the readiness check: the next start tries again.
 */
@ApplicationScoped
public class DefaultTenant {

    private static final Logger LOG = Logger.getLogger(DefaultTenant.class);

    private final TenantStore tenants;

    public DefaultTenant(TenantStore tenants) {
        this.tenants = tenants;
    }

    void ensure(@Observes StartupEvent startup) {
        tenants.ensureDefault().subscribe().with(done -> {
        }, failure -> LOG.warnf("The tenant %s could not be checked at startup: %s", Tenant.DEFAULT, failure.getMessage()));
    }
}
