package com.example.giftcards.benchmark;

import java.nio.file.Path;

import org.apache.activemq.broker.BrokerService;

/**
 * A standalone ActiveMQ Classic broker for {@code bench/run --external}: persistent (KahaDB in the given folder),
 * OpenWire on 127.0.0.1:PORT, configured like the application's embedded broker (no JMX, no advisories), in a
 * process of its own. Runs until it is killed (SIGTERM stops the broker cleanly).
 * <p>
 * Usage: {@code java -cp <test classpath> com.example.giftcards.benchmark.BenchBroker PORT DATA_DIR}
 */
public final class BenchBroker {

    private BenchBroker() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        BrokerService broker = new BrokerService();
        broker.setBrokerName("bench-broker");
        broker.setPersistent(true);
        broker.setDataDirectoryFile(Path.of(args[1]).toAbsolutePath().toFile());
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setAdvisorySupport(false);
        broker.addConnector("tcp://127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
                broker.waitUntilStopped();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        broker.start();
        broker.waitUntilStarted();
        System.out.println("bench broker listening on tcp://127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
