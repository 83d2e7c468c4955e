package com.example.giftcards.camel;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * The acknowledgement comes first: while webhooks are being answered, each leg route runs at most
 * {@code legsWhileIntake} exchanges at a time; a leg exchange beyond that waits until no webhook is in flight, or a
 * leg exchange of its route completes, or {@code maxWaitMs} passed - then it runs anyway, so that a leg is slowed
 * under a steady intake, never stopped. On two cores the legs' CPU (and their H2 and KahaDB commits) is what a
 * webhook waits behind; the legs work off their backlog in the pauses between webhooks.
 * <p>
 * The wait is before the leg's first step, its JMS message still unacknowledged: a crash while waiting loses nothing
 * and changes nothing. Counted per leg route, so that a leg sleeping between retries (an ERP outage) does not slow
 * the other.
 */
public class IntakeFirst implements RoutePolicyFactory {

    private final Set<String> intakeRoutes;
    private final Set<String> legRoutes;
    private final int legsWhileIntake;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, int[]> legsRunning = new ConcurrentHashMap<>();
    private int intakeInFlight;
    private long waits;

    public IntakeFirst(Set<String> intakeRoutes, Set<String> legRoutes, int legsWhileIntake, long maxWaitMs) {
        this.intakeRoutes = intakeRoutes;
        this.legRoutes = legRoutes;
        this.legsWhileIntake = legsWhileIntake;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (maxWaitNanos <= 0) {
            return null;
        }
        if (intakeRoutes.contains(routeId)) {
            return new RoutePolicySupport() {
                @Override
                public void onExchangeBegin(Route r, Exchange exchange) {
                    intakeBegins();
                }

                @Override
                public void onExchangeDone(Route r, Exchange exchange) {
                    intakeDone();
                }
            };
        }
        if (legRoutes.contains(routeId)) {
            int[] running = legsRunning.computeIfAbsent(routeId, id -> new int[1]);
            return new RoutePolicySupport() {
                @Override
                public void onExchangeBegin(Route r, Exchange exchange) {
                    legBegins(running);
                }

                @Override
                public void onExchangeDone(Route r, Exchange exchange) {
                    legDone(running);
                }
            };
        }
        return null;
    }

    void intakeBegins() {
        lock.lock();
        try {
            intakeInFlight++;
        } finally {
            lock.unlock();
        }
    }

    void intakeDone() {
        lock.lock();
        try {
            if (--intakeInFlight == 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void legBegins(int[] running) {
        lock.lock();
        try {
            long left = maxWaitNanos;
            boolean waited = false;
            while (intakeInFlight > 0 && running[0] >= legsWhileIntake && left > 0) {
                waited = true;
                left = changed.awaitNanos(left);
            }
            if (waited) {
                waits++;
            }
            running[0]++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running[0]++;
        } finally {
            lock.unlock();
        }
    }

    void legDone(int[] running) {
        lock.lock();
        try {
            running[0]--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Leg exchanges that waited for the intake so far. */
    public long waits() {
        lock.lock();
        try {
            return waits;
        } finally {
            lock.unlock();
        }
    }
}
